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

/** Types at the server like a person in telnet: {@code send("RCPT TO:...")}, {@code expect("250 ...")}. */
final class SmtpTestClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  SmtpTestClient(int port) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** Sends one line with CRLF, as telnet does. */
  SmtpTestClient send(String line) throws IOException {
    return sendRaw(line + "\r\n");
  }

  SmtpTestClient sendRaw(String bytes) throws IOException {
    out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return this;
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
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII);
      }
      line.write(b);
      previous = b;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
