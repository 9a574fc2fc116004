package io.postfleet.smtpingress.server;

import io.postfleet.smtp.SmtpReply;
import io.postfleet.smtpingress.command.CommandDispatcher;
import io.postfleet.smtpingress.command.SmtpServices;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The SMTP listener: an accept loop on its own thread and one platform thread per session from a
 * bounded pool, as Postfix runs one smtpd process per client up to default_process_limit. A client
 * beyond the limit is told {@code 421} and closed rather than left waiting in the backlog.
 *
 * <p>Stopping is graceful: the listener closes, idle sessions are told 421 at once, sessions in a
 * transaction get the grace period to finish (a message whose 250 is on its way still gets it),
 * and whatever is left then is cut with 421, which a client retries later.
 */
public final class SmtpServer {
  private static final Logger LOG = Logger.getLogger(SmtpServer.class);
  private static final Duration ABORT_WAIT = Duration.ofSeconds(5);
  private static final int BACKLOG = 128;

  private final ListenerSettings listener;
  private final SmtpServices services;
  private final CommandDispatcher dispatcher;
  private final Semaphore permits;
  private final ThreadPoolExecutor sessions;
  private final Set<SmtpConnection> open = ConcurrentHashMap.newKeySet();
  private ServerSocket serverSocket;
  private Thread acceptThread;
  private volatile boolean stopping;

  public SmtpServer(ListenerSettings listener, SmtpServices services) {
    this.listener = listener;
    this.services = services;
    this.dispatcher = new CommandDispatcher(services);
    this.permits = new Semaphore(listener.maxConnections());
    AtomicInteger threadNumber = new AtomicInteger();
    // Never more threads than permits; the queue only bridges the moment between a session
    // releasing its permit and its thread becoming free.
    this.sessions = new ThreadPoolExecutor(listener.maxConnections(), listener.maxConnections(),
        60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
          Thread t = new Thread(task, "smtpd-" + threadNumber.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    this.sessions.allowCoreThreadTimeOut(true);
  }

  public synchronized void start() throws IOException {
    serverSocket = new ServerSocket();
    serverSocket.setReuseAddress(true);
    serverSocket.bind(new InetSocketAddress(listener.bindAddress(), listener.port()), BACKLOG);
    acceptThread = new Thread(this::acceptLoop, "smtpd-accept");
    acceptThread.setDaemon(true);
    acceptThread.start();
    LOG.infof("SMTP server listening on %s", serverSocket.getLocalSocketAddress());
  }

  /** The port actually bound, useful when the configured one was 0. */
  public int port() {
    return serverSocket.getLocalPort();
  }

  public boolean listening() {
    return serverSocket != null && serverSocket.isBound() && !serverSocket.isClosed() && !stopping;
  }

  public synchronized void stop() {
    if (serverSocket == null || stopping) {
      return;
    }
    stopping = true;
    try {
      serverSocket.close();
      acceptThread.join(ABORT_WAIT.toMillis());
      open.forEach(SmtpConnection::drain);
      sessions.shutdown();
      if (!sessions.awaitTermination(listener.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warnf("%d sessions still open after %s, closing them", open.size(), listener.shutdownGrace());
        open.forEach(SmtpConnection::abort);
        if (!sessions.awaitTermination(ABORT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          open.forEach(SmtpConnection::closeSocket);
          sessions.shutdownNow();
        }
      }
    } catch (IOException e) {
      LOG.warnf(e, "closing the SMTP listener");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      open.forEach(SmtpConnection::closeSocket);
      sessions.shutdownNow();
    }
    LOG.info("SMTP server stopped");
  }

  private void acceptLoop() {
    while (!stopping) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (IOException e) {
        if (!stopping) {
          LOG.warnf("warning: accept failed: %s", e.getMessage());
          pause();
        }
        continue;
      }
      if (!permits.tryAcquire()) {
        refuse(socket);
        continue;
      }
      SmtpConnection connection = new SmtpConnection(socket, services, dispatcher);
      open.add(connection);
      try {
        sessions.execute(() -> {
          try {
            connection.run();
          } finally {
            open.remove(connection);
            permits.release();
          }
        });
      } catch (RuntimeException rejectedWhileStopping) {
        open.remove(connection);
        permits.release();
        connection.closeSocket();
      }
    }
  }

  /** Postfix would leave the client in the listen queue; a 421 tells it to come back later. */
  private void refuse(Socket socket) {
    services.metrics().connectionRefused();
    LOG.warnf("warning: connection limit %d reached: refusing unknown[%s]",
        listener.maxConnections(), socket.getInetAddress().getHostAddress());
    try (socket; OutputStream out = socket.getOutputStream()) {
      out.write(SmtpReply.tooManyConnections(services.settings().hostname()).toBytes());
    } catch (IOException ignored) {
      // The client left already; nothing to tell it.
    }
  }

  /** Backs off after an accept failure such as running out of file descriptors. */
  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
