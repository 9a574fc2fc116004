package io.postfleet.systemtest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A telnet session typed by a test: {@code send("RCPT TO:<a@b>")}, {@code expect("550 5.1.1")}. It
 * reads whole replies (multi-line ones to their last line) and returns them for closer checks.
 */
final class SmtpConversation implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private SmtpConversation(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  static SmtpConversation open(int port) throws IOException {
    return open("127.0.0.1", port);
  }

  /** Connects from {@code localAddress}, another loopback address, to look like another client. */
  static SmtpConversation open(String localAddress, int port) throws IOException {
    Socket socket = new Socket();
    socket.setSoTimeout(30_000);
    socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    return new SmtpConversation(socket);
  }

  SmtpConversation send(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    return this;
  }

  SmtpConversation sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** Reads one reply and checks that its last line starts with {@code prefix}; returns the reply. */
  String expect(String prefix) throws IOException {
    String reply = readReply();
    assertTrue(lastLine(reply).startsWith(prefix),
        "expected a reply starting with '" + prefix + "' but got:\n" + reply);
    return reply;
  }

  /** The last line of a reply read by {@link #readReply}, the one whose code counts (RFC 5321 §4.2.1). */
  static String lastLine(String reply) {
    return reply.substring(reply.lastIndexOf('\n', reply.length() - 3) + 1);
  }

  /** Reads one reply, multi-line ones to their last line, each line with its CRLF. */
  String readReply() throws IOException {
    StringBuilder reply = new StringBuilder();
    while (true) {
      String line = readLine();
      reply.append(line).append("\r\n");
      if (line.length() < 4 || line.charAt(3) != '-') {
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
        throw new IOException("connection closed; read so far: " + line.toString(StandardCharsets.UTF_8));
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
  }
}
