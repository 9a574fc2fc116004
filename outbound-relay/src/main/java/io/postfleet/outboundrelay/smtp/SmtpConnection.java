package io.postfleet.outboundrelay.smtp;

import io.postfleet.outboundrelay.route.Target;
import io.postfleet.smtp.client.MalformedReplyException;
import io.postfleet.smtp.client.RemoteReply;
import io.postfleet.smtp.client.ReplyReader;
import io.postfleet.smtp.client.ServerExtensions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One open connection to one target: reads replies and writes commands with each stage's time
 * limit, can be switched to TLS, and remembers what the server announced. It may carry several mail
 * transactions (connection reuse); it never decides anything about them.
 */
final class SmtpConnection {
  private final Target target;
  private final ScheduledExecutorService alarms;
  private final long openedAt = System.nanoTime();
  private Socket socket;
  private ReplyReader reader;
  private WriteTimeoutOutputStream out;
  private ServerExtensions extensions = ServerExtensions.NONE;
  private String tls = "";
  private int transactions;
  private long idleSince = System.nanoTime();

  private SmtpConnection(Socket socket, Target target, ScheduledExecutorService alarms) throws IOException {
    this.socket = socket;
    this.target = target;
    this.alarms = alarms;
    this.reader = new ReplyReader(socket.getInputStream());
    this.out = new WriteTimeoutOutputStream(socket, alarms);
  }

  static SmtpConnection connect(Target target, Duration timeout, ScheduledExecutorService alarms)
      throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(target.address(), target.port()),
          Math.toIntExact(timeout.toMillis()));
      return new SmtpConnection(socket, target, alarms);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  Target target() {
    return target;
  }

  RemoteReply read(Duration timeout) throws IOException {
    socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
    return reader.read();
  }

  RemoteReply command(String line, Duration timeout) throws IOException {
    send(List.of(line), timeout);
    return read(timeout);
  }

  /** Writes the commands in one go, as a pipelined group (RFC 2920 §3.1) or a single command. */
  void send(List<String> lines, Duration timeout) throws IOException {
    StringBuilder text = new StringBuilder();
    lines.forEach(line -> text.append(line).append("\r\n"));
    out.limit(timeout);
    out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** The raw stream for the message content, with the time limit for each write. */
  OutputStream content(Duration timeout) {
    out.limit(timeout);
    return out;
  }

  /**
   * Runs the TLS handshake on this connection (RFC 3207 §4). A new reader replaces the old one, so
   * anything the server sent after its 220 in plaintext is dropped, never read as a reply under TLS
   * (the STARTTLS command injection of CVE-2011-0411). The server's extensions are forgotten until
   * the next EHLO, as §4.2 requires.
   *
   * @param verifyHost whether the certificate must name the target host (level {@code verify})
   */
  void startTls(SSLSocketFactory factory, boolean verifyHost, Duration timeout) throws IOException {
    socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
    SSLSocket ssl = (SSLSocket) factory.createSocket(socket, target.host(), target.port(), true);
    ssl.setUseClientMode(true);
    if (verifyHost) {
      SSLParameters parameters = ssl.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS"); // RFC 6125 name check, as for HTTPS
      ssl.setSSLParameters(parameters);
    }
    socket = ssl;
    ssl.startHandshake();
    reader = new ReplyReader(ssl.getInputStream());
    out = new WriteTimeoutOutputStream(ssl, alarms);
    extensions = ServerExtensions.NONE;
    tls = ssl.getSession().getProtocol() + " with cipher " + ssl.getSession().getCipherSuite();
  }

  ServerExtensions extensions() {
    return extensions;
  }

  void extensions(ServerExtensions extensions) {
    this.extensions = extensions;
  }

  /** The TLS protocol and cipher, Postfix style; empty for plaintext. */
  String tls() {
    return tls;
  }

  /** Counts one more mail transaction over this connection and marks it idle from now. */
  void transactionDone() {
    transactions++;
    idleSince = System.nanoTime();
  }

  int transactions() {
    return transactions;
  }

  Duration age() {
    return Duration.ofNanos(System.nanoTime() - openedAt);
  }

  Duration idle() {
    return Duration.ofNanos(System.nanoTime() - idleSince);
  }

  /** The failure in Postfix's words: lost connection, timed out, or a malformed reply. */
  String describe(IOException e, Stage stage) {
    if (e instanceof MalformedReplyException) {
      return "host " + target.peer() + " sent a malformed reply while " + stage.activity() + ": "
          + e.getMessage();
    }
    if (e instanceof SocketTimeoutException || out.timedOut()) {
      return "conversation with " + target.peer() + " timed out while " + stage.activity();
    }
    return "lost connection with " + target.peer() + " while " + stage.activity();
  }

  /**
   * Says goodbye without waiting for the answer, as Postfix does by default
   * ({@code smtp_skip_quit_response}), and closes.
   */
  void quit() {
    try {
      out.limit(Duration.ofSeconds(5));
      out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException ignored) {
      // The server may have gone already; nothing depends on QUIT.
    }
    close();
  }

  void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // The session's result is known; a failing close changes nothing about it.
    }
  }
}
