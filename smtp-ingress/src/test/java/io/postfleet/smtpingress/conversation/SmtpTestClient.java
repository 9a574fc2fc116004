package io.postfleet.smtpingress.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Types at the server like a person in telnet: {@code send("RCPT TO:...")}, {@code expect("250 ...")};
 * and like a mail client when asked: STARTTLS, implicit TLS, a PROXY header before anything else.
 */
final class SmtpTestClient implements AutoCloseable {
  private final Socket tcp;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  SmtpTestClient(int port) throws IOException {
    this(port, null);
  }

  /** Connects; {@code preamble}, if given, is written before anything else (a PROXY header). */
  SmtpTestClient(int port, byte[] preamble) throws IOException {
    this(new Socket(InetAddress.getLoopbackAddress(), port), preamble);
  }

  /** Connects from another loopback address (127.0.0.0/8 is all ours), as an outside client would. */
  static SmtpTestClient from(String localAddress, int port) throws IOException {
    return new SmtpTestClient(
        new Socket(InetAddress.getLoopbackAddress(), port, InetAddress.getByName(localAddress), 0),
        null);
  }

  private SmtpTestClient(Socket connected, byte[] preamble) throws IOException {
    tcp = connected;
    tcp.setSoTimeout(10_000);
    socket = tcp;
    in = tcp.getInputStream();
    out = tcp.getOutputStream();
    if (preamble != null) {
      out.write(preamble);
      out.flush();
    }
  }

  /** Sends one line with CRLF, as telnet does. */
  SmtpTestClient send(String line) throws IOException {
    return sendRaw(line + "\r\n");
  }

  /** Sends the characters as bytes 0-255 (ISO-8859-1), so tests can write any octet. */
  SmtpTestClient sendRaw(String bytes) throws IOException {
    return sendBytes(bytes.getBytes(StandardCharsets.ISO_8859_1));
  }

  SmtpTestClient sendUtf8(String line) throws IOException {
    return sendBytes((line + "\r\n").getBytes(StandardCharsets.UTF_8));
  }

  SmtpTestClient sendBytes(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** Runs the client side of a TLS handshake over the connection, after 220 to STARTTLS. */
  void startTls(SSLContext context) throws IOException {
    SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(tcp, "mx.postfleet.test", tcp.getPort(), true);
    tls.setUseClientMode(true);
    tls.startHandshake();
    socket = tls;
    in = tls.getInputStream();
    out = tls.getOutputStream();
  }

  SSLSocket tlsSocket() {
    return (SSLSocket) socket;
  }

  /** AUTH PLAIN with the initial response (RFC 4954 §4, RFC 4616). */
  String authPlain(String user, String password, String expectedPrefix) throws IOException {
    String response = Base64.getEncoder()
        .encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    return exchange("AUTH PLAIN " + response, expectedPrefix);
  }

  /** Reads one reply, all its lines, and checks its last line starts with {@code prefix}. */
  String expect(String prefix) throws IOException {
    String reply = readReply();
    String[] lines = reply.split("\r\n");
    String last = lines[lines.length - 1];
    assertTrue(last.startsWith(prefix), "expected '" + prefix + "' but got: " + reply);
    return reply;
  }

  /** Sends a line and checks the reply. */
  String exchange(String line, String expectedPrefix) throws IOException {
    send(line);
    return expect(expectedPrefix);
  }

  /** Whether the server has sent something not read yet. */
  boolean available() throws IOException {
    return in.available() > 0;
  }

  /** The server closed the connection: the next read sees end of stream. */
  void expectClosed() throws IOException {
    assertEquals(-1, in.read(), "connection still open");
  }

  /** Reads lines up to one whose fourth character is a space (RFC 5321 §4.2.1). */
  String readReply() throws IOException {
    StringBuilder reply = new StringBuilder();
    while (true) {
      String line = readLine();
      reply.append(line).append("\r\n");
      if (line.length() < 4 || line.charAt(3) == ' ') {
        return reply.toString();
      }
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed; got so far: " + line);
      }
      if (previous == '\r' && b == '\n') {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
      }
      line.write(b);
      previous = b;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    tcp.close();
  }
}
