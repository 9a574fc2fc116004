package io.postfleet.smtpingress.server;

import io.postfleet.smtpingress.session.TlsFacts;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * The bytes of one session: the TCP connection, and the TLS layer over it once STARTTLS or an
 * implicit-TLS port started one. Shutdown reaches in from another thread through {@link #drain}
 * and {@link #abort}, which cut the input of the TCP connection beneath any TLS.
 */
final class SessionChannel implements AutoCloseable {
  private static final int WRITE_BUFFER = 16 * 1024;

  private final Socket tcp;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private volatile boolean draining;
  private volatile boolean idle;

  SessionChannel(Socket tcp) throws IOException {
    this.tcp = tcp;
    this.socket = tcp;
    this.in = tcp.getInputStream();
    this.out = new BufferedOutputStream(tcp.getOutputStream(), WRITE_BUFFER);
    tcp.setTcpNoDelay(true);
  }

  Socket tcp() {
    return tcp;
  }

  /** Reads within {@code timeoutMillis}; -1 at end of stream. */
  int read(byte[] buffer, int timeoutMillis) throws IOException {
    socket.setSoTimeout(timeoutMillis);
    return in.read(buffer);
  }

  void write(byte[] bytes) throws IOException {
    out.write(bytes);
  }

  void flush() throws IOException {
    out.flush();
  }

  /**
   * Runs the server side of a TLS handshake over the connection (RFC 3207 §4.2, RFC 8314 §3.3).
   * Callers must have dropped any plaintext they still hold: the TLS layer reads from the socket.
   */
  TlsFacts startTls(SSLContext context, int timeoutMillis) throws IOException {
    SSLSocket tls = (SSLSocket) context.getSocketFactory()
        .createSocket(tcp, tcp.getInetAddress().getHostAddress(), tcp.getPort(), true);
    tls.setUseClientMode(false);
    tls.setSoTimeout(timeoutMillis);
    tls.startHandshake();
    socket = tls;
    in = tls.getInputStream();
    out = new BufferedOutputStream(tls.getOutputStream(), WRITE_BUFFER);
    SSLSession negotiated = tls.getSession();
    return new TlsFacts(negotiated.getProtocol(), negotiated.getCipherSuite());
  }

  /** Marks the session idle or busy; a drain that came just before takes effect here. */
  void idle(boolean waitingIdle) {
    this.idle = waitingIdle;
    if (waitingIdle && draining) {
      shutdownInput();
    }
  }

  boolean draining() {
    return draining;
  }

  /** Asks the session to end: at once if it is idle, else after its transaction. */
  void drain() {
    draining = true;
    if (idle) {
      shutdownInput();
    }
  }

  /** Ends the session at its next read, transaction or not; the client gets 421, not 250. */
  void abort() {
    draining = true;
    shutdownInput();
  }

  @Override
  public void close() {
    try {
      socket.close();
      tcp.close();
    } catch (IOException ignored) {
      // Closing is all we wanted; there is nobody left to tell.
    }
  }

  private void shutdownInput() {
    try {
      tcp.shutdownInput();
    } catch (IOException ignored) {
      // Already closed: the session is ending anyway.
    }
  }
}
