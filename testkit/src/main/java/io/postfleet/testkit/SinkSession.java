package io.postfleet.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** One connection to an {@link SmtpSink}: a deliberately small RFC 5321 server dialogue. */
final class SinkSession implements Runnable {
  private static final int IDLE_TIMEOUT_MILLIS = 30_000;
  private static final byte[] END_OF_DATA = {'.', '\r', '\n'};

  private final SmtpSink sink;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private String helo = "";
  private String tls = "";
  private String authUser = "";
  private String mailFrom;
  private boolean binaryMime;
  private final List<String> recipients = new ArrayList<>();
  /** The chunks of a BDAT transaction so far (RFC 3030 §2), kept apart from DATA's unstuffing. */
  private final ByteArrayOutputStream chunks = new ByteArrayOutputStream();
  private boolean chunkFailed;
  private final StringBuilder heldReplies = new StringBuilder();

  SinkSession(SmtpSink sink, Socket socket) {
    this.sink = sink;
    this.socket = socket;
  }

  @Override
  public void run() {
    try {
      socket.setSoTimeout(IDLE_TIMEOUT_MILLIS);
      // Each reply is its own write; without this, Nagle's algorithm holds every reply to a pipelined
      // group until the client's delayed ACK of the one before (40 ms each on Linux).
      socket.setTcpNoDelay(true);
      in = new BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
      String greeting = sink.greetingReply();
      reply(greeting);
      boolean refusing = !greeting.startsWith("2");
      byte[] line;
      while ((line = readLine()) != null) {
        String command = new String(line, StandardCharsets.UTF_8).stripTrailing();
        sink.command(command);
        String verb = command.split(" ", 2)[0].toUpperCase(Locale.ROOT);
        // A BDAT chunk's octets follow its command at once; only a further command is pipelined.
        if (in.available() > 0 && !verb.equals("BDAT")) {
          sink.pipelinedCommand();
        }
        if (verb.equals("QUIT")) {
          reply("221 2.0.0 Bye");
          return;
        }
        // A server that refused in its greeting answers 503 to all but QUIT (RFC 5321 §3.1).
        if (refusing) {
          reply("503 5.5.1 Bad sequence of commands");
        } else if (verb.equals("STARTTLS")) {
          if (!starttls()) {
            return;
          }
        } else if (verb.equals("AUTH")) {
          reply(auth(command));
        } else if (sink.holdsReplies() && List.of("MAIL", "RCPT", "RSET").contains(verb)) {
          heldReplies.append(handle(verb, command)).append("\r\n");
        } else {
          reply(handle(verb, command));
        }
      }
    } catch (IOException e) {
      // The client went away; whatever it completed is already recorded.
    } finally {
      try {
        socket.close();
      } catch (IOException ignored) {
        // Nothing is left to tell the client.
      }
    }
  }

  private String handle(String verb, String command) throws IOException {
    switch (verb) {
      case "EHLO" :
        helo = argument(command);
        return sink.scriptedEhloReply().orElseGet(this::ehloReply);
      case "HELO" :
        helo = argument(command);
        return "250 sink.test";
      case "MAIL" :
        return mail(command);
      case "RCPT" :
        return rcpt(command);
      case "DATA" :
        return data();
      case "BDAT" :
        return bdat(command);
      case "RSET" :
        endTransaction();
        return "250 2.0.0 Ok";
      case "NOOP" :
        return "250 2.0.0 Ok";
      default :
        return "502 5.5.2 Command not recognized";
    }
  }

  private String mail(String command) {
    endTransaction();
    Optional<String> refusal = sink.scriptedMailReply().filter(r -> !r.startsWith("2"));
    if (refusal.isPresent()) {
      return refusal.get();
    }
    boolean binary = command.toUpperCase(Locale.ROOT).contains(" BODY=BINARYMIME");
    if (binary && !sink.announces("BINARYMIME")) {
      return "555 5.5.4 BODY=BINARYMIME was not announced";
    }
    mailFrom = path(command);
    binaryMime = binary;
    return "250 2.1.0 Ok";
  }

  private void endTransaction() {
    mailFrom = null;
    binaryMime = false;
    recipients.clear();
    chunks.reset();
    chunkFailed = false;
  }

  private String ehloReply() {
    List<String> keywords = new ArrayList<>(sink.keywordList());
    if ((sink.tlsContext().isPresent() || sink.breaksTls()) && tls.isEmpty()) {
      keywords.add("STARTTLS");
    }
    if (sink.authUser().isPresent()) {
      keywords.add("AUTH " + sink.authMechanismList());
    }
    StringBuilder reply = new StringBuilder("250");
    reply.append(keywords.isEmpty() ? " " : "-").append("sink.test");
    for (int i = 0; i < keywords.size(); i++) {
      reply.append("\r\n250").append(i == keywords.size() - 1 ? " " : "-").append(keywords.get(i));
    }
    return reply.toString();
  }

  /** RFC 3207: returns false when the session has ended (the handshake was broken on purpose). */
  private boolean starttls() throws IOException {
    Optional<SSLContext> context = sink.tlsContext();
    if ((context.isEmpty() && !sink.breaksTls()) || !tls.isEmpty()) {
      reply(tls.isEmpty() ? "502 5.5.2 Command not recognized" : "503 5.5.1 Error: TLS already active");
      return true;
    }
    Optional<String> scripted = sink.scriptedStarttlsReply();
    if (scripted.isPresent()) {
      reply(scripted.get());
      return true;
    }
    reply("220 2.0.0 Ready to start TLS");
    if (sink.breaksTls()) {
      out.write("this is no TLS handshake\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return false;
    }
    SSLSocket ssl = (SSLSocket) context.get().getSocketFactory().createSocket(socket, null, true);
    ssl.setUseClientMode(false);
    ssl.startHandshake();
    socket = ssl;
    in = new BufferedInputStream(ssl.getInputStream());
    out = ssl.getOutputStream();
    // RFC 3207 §4.2: everything learnt before TLS is forgotten; the client must say EHLO again.
    tls = ssl.getSession().getProtocol();
    helo = "";
    authUser = "";
    endTransaction();
    return true;
  }

  /** AUTH PLAIN (RFC 4616) and LOGIN, with or without an initial response (RFC 4954 §4). */
  private String auth(String command) throws IOException {
    String[] parts = command.split(" ");
    if (sink.authUser().isEmpty() || parts.length < 2) {
      return "502 5.5.2 Command not recognized";
    }
    String mechanism = parts[1].toUpperCase(Locale.ROOT);
    if (!List.of(sink.authMechanismList().split(" ")).contains(mechanism)) {
      return "504 5.5.4 Unrecognized authentication type";
    }
    String user;
    String password;
    if (mechanism.equals("PLAIN")) {
      String response = parts.length > 2 ? parts[2] : challenge("");
      String[] fields = decode(response).split("\0", -1);
      if (fields.length != 3) {
        return "501 5.5.2 Error: malformed PLAIN response";
      }
      user = fields[1];
      password = fields[2];
    } else if (mechanism.equals("LOGIN")) {
      user = decode(parts.length > 2 ? parts[2] : challenge("VXNlcm5hbWU6"));
      password = decode(challenge("UGFzc3dvcmQ6"));
    } else {
      return "504 5.5.4 Unrecognized authentication type";
    }
    if (!sink.authenticates(user, password)) {
      return "535 5.7.8 Error: authentication failed";
    }
    authUser = user;
    return "235 2.7.0 Authentication successful";
  }

  private String challenge(String text) throws IOException {
    reply("334 " + text);
    byte[] line = readLine();
    return line == null ? "*" : new String(line, StandardCharsets.US_ASCII).trim();
  }

  private static String decode(String base64) {
    try {
      return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private String rcpt(String command) {
    if (mailFrom == null) {
      return "503 5.5.1 Error: need MAIL command";
    }
    String recipient = path(command);
    String answer = sink.scriptedRcptReply(recipient).orElse(
        recipients.size() < sink.recipientsPerTransaction()
            ? "250 2.1.5 Ok"
            : "452 4.5.3 Error: too many recipients"); // RFC 5321 §4.5.3.1.10
    if (answer.startsWith("2")) {
      recipients.add(recipient);
    }
    return answer;
  }

  private String data() throws IOException {
    if (recipients.isEmpty()) {
      return "554 5.5.1 Error: no valid recipients";
    }
    if (binaryMime) {
      return "503 5.5.1 Error: BODY=BINARYMIME needs BDAT"; // RFC 3030 §3
    }
    reply("354 End data with <CR><LF>.<CR><LF>");
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    byte[] line;
    while ((line = readLine()) != null && !Arrays.equals(line, END_OF_DATA)) {
      // Dot-unstuffing (RFC 5321 §4.5.2): a leading dot was doubled by the client.
      int skip = line.length > 0 && line[0] == '.' ? 1 : 0;
      data.write(line, skip, line.length - skip);
    }
    if (line == null) {
      throw new IOException("connection closed inside DATA");
    }
    String answer = sink.scriptedDataReply().orElse("250 2.0.0 Ok: queued by sink");
    if (answer.startsWith("2")) {
      sink.accepted(new SinkMessage(helo, mailFrom, recipients, data.toByteArray(), tls, authUser));
    }
    endTransaction();
    return answer;
  }

  /**
   * {@code BDAT <size> [LAST]} (RFC 3030 §2): exactly size octets follow, taken as they are. The
   * octets are read even when the chunk is refused, so that the session stays in step (§2).
   */
  private String bdat(String command) throws IOException {
    if (!sink.announces("CHUNKING")) {
      return "502 5.5.2 Command not recognized";
    }
    String[] parts = command.split(" ");
    long size;
    try {
      size = Long.parseLong(parts[1]);
    } catch (RuntimeException e) {
      return "501 5.5.4 Syntax: BDAT size [LAST]";
    }
    boolean last = parts.length > 2 && parts[2].equalsIgnoreCase("LAST");
    byte[] chunk = in.readNBytes(Math.toIntExact(size));
    if (chunk.length < size) {
      throw new IOException("connection closed inside a BDAT chunk");
    }
    if (mailFrom == null || recipients.isEmpty() || chunkFailed) {
      chunkFailed = !last;
      return "503 5.5.1 Error: no valid recipients, or an earlier chunk failed";
    }
    chunks.write(chunk);
    if (!last) {
      String answer = sink.scriptedChunkReply().orElse("250 2.0.0 " + size + " octets received");
      chunkFailed = !answer.startsWith("2"); // §2: a failed chunk fails the transaction
      return answer;
    }
    String answer = sink.scriptedDataReply().orElse("250 2.0.0 Ok: queued by sink");
    if (answer.startsWith("2")) {
      sink.accepted(new SinkMessage(helo, mailFrom, recipients, chunks.toByteArray(), tls, authUser));
    }
    endTransaction();
    return answer;
  }

  /** A line with its line end, up to and including LF; null at end of stream. */
  private byte[] readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    int b;
    while ((b = in.read()) != -1) {
      line.write(b);
      if (b == '\n') {
        return line.toByteArray();
      }
    }
    return line.size() == 0 ? null : line.toByteArray();
  }

  private static String argument(String command) {
    String[] parts = command.split(" ", 2);
    return parts.length > 1 ? parts[1].trim() : "";
  }

  /** The address inside the angle brackets of {@code MAIL FROM:<a>} or {@code RCPT TO:<a>}. */
  private static String path(String command) {
    int open = command.indexOf('<');
    int close = command.indexOf('>', open + 1);
    if (open < 0 || close < 0) {
      return command.substring(command.indexOf(':') + 1).trim();
    }
    return command.substring(open + 1, close);
  }

  /** Sends the reply, preceded by any replies held back for a pipelined group. */
  private void reply(String reply) throws IOException {
    String text = heldReplies + reply + "\r\n";
    heldReplies.setLength(0);
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
