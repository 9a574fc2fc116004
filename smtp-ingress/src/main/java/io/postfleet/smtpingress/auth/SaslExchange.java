package io.postfleet.smtpingress.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * One AUTH exchange (RFC 4954 §4): takes the client's decoded responses until the credentials are
 * complete. PLAIN wants {@code authzid NUL authcid NUL passwd} (RFC 4616 §2) in one response;
 * LOGIN asks for the user name, then the password. Names must be UTF-8 without control characters
 * (RFC 4616 §2 forbids NUL in them; the name reaches logs and the Received header); a different
 * authorization identity is refused, since no client may act for another.
 */
public final class SaslExchange {
  /** Longer than any mailbox address (RFC 5321 §4.5.3.1.3) or password worth checking. */
  private static final int MAX_FIELD = 1024;
  private static final String USERNAME_PROMPT = b64("Username:");
  private static final String PASSWORD_PROMPT = b64("Password:");

  private final SaslMechanism mechanism;
  private String username;
  private SaslCredentials credentials;

  public SaslExchange(SaslMechanism mechanism) {
    this.mechanism = mechanism;
  }

  public SaslMechanism mechanism() {
    return mechanism;
  }

  /** The challenge when AUTH came without an initial response: empty for PLAIN (RFC 4954 §4). */
  public String firstChallenge() {
    return mechanism == SaslMechanism.PLAIN ? "" : USERNAME_PROMPT;
  }

  /**
   * Takes one decoded client response.
   *
   * @return the next challenge (base64), or empty when {@link #credentials()} are complete
   * @throws MalformedResponseException when the response does not fit the mechanism
   */
  public Optional<String> respond(byte[] response) throws MalformedResponseException {
    if (mechanism == SaslMechanism.PLAIN) {
      credentials = plain(response);
      return Optional.empty();
    }
    if (username == null) {
      username = name(response);
      return Optional.of(PASSWORD_PROMPT);
    }
    credentials = new SaslCredentials(username, secret(response));
    return Optional.empty();
  }

  public SaslCredentials credentials() {
    if (credentials == null) {
      throw new IllegalStateException("exchange not complete");
    }
    return credentials;
  }

  private static SaslCredentials plain(byte[] response) throws MalformedResponseException {
    int first = indexOfNul(response, 0);
    int second = first < 0 ? -1 : indexOfNul(response, first + 1);
    if (second < 0 || indexOfNul(response, second + 1) >= 0) {
      throw new MalformedResponseException();
    }
    String authzid = name(Arrays.copyOfRange(response, 0, first), true);
    String authcid = name(Arrays.copyOfRange(response, first + 1, second));
    if (!authzid.isEmpty() && !authzid.equals(authcid)) {
      throw new MalformedResponseException();
    }
    return new SaslCredentials(authcid, secret(Arrays.copyOfRange(response, second + 1, response.length)));
  }

  private static String name(byte[] bytes) throws MalformedResponseException {
    return name(bytes, false);
  }

  private static String name(byte[] bytes, boolean mayBeEmpty) throws MalformedResponseException {
    if ((bytes.length == 0 && !mayBeEmpty) || bytes.length > MAX_FIELD) {
      throw new MalformedResponseException();
    }
    char[] chars = utf8(bytes);
    for (char c : chars) {
      if (Character.isISOControl(c)) {
        throw new MalformedResponseException();
      }
    }
    return new String(chars);
  }

  private static char[] secret(byte[] bytes) throws MalformedResponseException {
    if (bytes.length == 0 || bytes.length > MAX_FIELD) {
      throw new MalformedResponseException();
    }
    char[] chars = utf8(bytes);
    Arrays.fill(bytes, (byte) 0);
    return chars;
  }

  private static char[] utf8(byte[] bytes) throws MalformedResponseException {
    try {
      CharBuffer decoded = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      char[] chars = new char[decoded.remaining()];
      decoded.get(chars);
      Arrays.fill(decoded.array(), '\0');
      return chars;
    } catch (CharacterCodingException e) {
      throw new MalformedResponseException();
    }
  }

  private static int indexOfNul(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        return i;
      }
    }
    return -1;
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }

  /** A response that does not fit the mechanism: the exchange fails as a wrong password does. */
  public static final class MalformedResponseException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedResponseException() {
      super("malformed SASL response", null, false, false);
    }
  }
}
