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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The SMTP listeners (MX, submission, submissions): an accept loop per port and one platform
 * thread per session from one bounded pool, as Postfix runs one smtpd process per client up to
 * default_process_limit. A client beyond the limit is told {@code 421} and closed rather than left
 * waiting in the backlog. Everything slow (PROXY header, TLS handshake) happens on the session's
 * thread, never in an accept loop.
 *
 * <p>Stopping is graceful: the listeners close, idle sessions are told 421 at once, sessions in a
 * transaction get the grace period to finish (a message whose 250 is on its way still gets it),
 * and whatever is left then is cut with 421, which a client retries later.
 */
public final class SmtpServer {
  private static final Logger LOG = Logger.getLogger(SmtpServer.class);
  private static final Duration ABORT_WAIT = Duration.ofSeconds(5);
  private static final int BACKLOG = 128;

  private final List<ListenerSettings> listeners;
  private final ServerLimits limits;
  private final SmtpServices services;
  private final CommandDispatcher dispatcher;
  private final ClientConnectionLimiter clientLimiter;
  private final Semaphore permits;
  private final ThreadPoolExecutor sessions;
  private final Set<SessionChannel> open = ConcurrentHashMap.newKeySet();
  private final List<ServerSocket> serverSockets = new ArrayList<>();
  private final List<Thread> acceptThreads = new ArrayList<>();
  private volatile boolean stopping;

  public SmtpServer(List<ListenerSettings> listeners, ServerLimits limits, SmtpServices services) {
    if (listeners.isEmpty()) {
      throw new IllegalArgumentException("no SMTP listener");
    }
    this.listeners = List.copyOf(listeners);
    this.limits = limits;
    this.services = services;
    this.dispatcher = new CommandDispatcher(services);
    this.clientLimiter = new ClientConnectionLimiter(limits.clientConnectionLimit(),
        limits.clientRateLimit(), limits.rateTimeUnit(), services.recipients()::trusted);
    this.permits = new Semaphore(limits.maxConnections());
    AtomicInteger threadNumber = new AtomicInteger();
    // Never more threads than permits; the queue only bridges the moment between a session
    // releasing its permit and its thread becoming free.
    this.sessions = new ThreadPoolExecutor(limits.maxConnections(), limits.maxConnections(),
        60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
          Thread t = new Thread(task, "smtpd-" + threadNumber.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    this.sessions.allowCoreThreadTimeOut(true);
  }

  public synchronized void start() throws IOException {
    try {
      for (ListenerSettings listener : listeners) {
        ServerSocket serverSocket = new ServerSocket();
        serverSockets.add(serverSocket);
        serverSocket.setReuseAddress(true);
        serverSocket.bind(new InetSocketAddress(listener.bindAddress(), listener.port()), BACKLOG);
        Thread accept = new Thread(() -> acceptLoop(serverSocket, listener), "smtpd-accept-" + listener.rules().name());
        accept.setDaemon(true);
        acceptThreads.add(accept);
        LOG.infof("SMTP %s listening on %s%s", listener.rules().name(), serverSocket.getLocalSocketAddress(),
            listener.proxyProtocol() ? " (PROXY protocol)" : "");
      }
    } catch (IOException e) {
      for (ServerSocket s : serverSockets) {
        s.close();
      }
      throw e;
    }
    acceptThreads.forEach(Thread::start);
  }

  /** The port the listener named {@code name} actually bound, useful when the configured one was 0. */
  public int port(String name) {
    for (int i = 0; i < listeners.size(); i++) {
      if (listeners.get(i).rules().name().equals(name)) {
        return serverSockets.get(i).getLocalPort();
      }
    }
    throw new IllegalArgumentException("no listener " + name);
  }

  public boolean listening() {
    return !stopping && !serverSockets.isEmpty()
        && serverSockets.stream().allMatch(s -> s.isBound() && !s.isClosed());
  }

  public synchronized void stop() {
    if (serverSockets.isEmpty() || stopping) {
      return;
    }
    stopping = true;
    try {
      for (ServerSocket s : serverSockets) {
        s.close();
      }
      for (Thread t : acceptThreads) {
        t.join(ABORT_WAIT.toMillis());
      }
      open.forEach(SessionChannel::drain);
      sessions.shutdown();
      if (!sessions.awaitTermination(limits.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warnf("%d sessions still open after %s, closing them", open.size(), limits.shutdownGrace());
        open.forEach(SessionChannel::abort);
        if (!sessions.awaitTermination(ABORT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          open.forEach(SessionChannel::close);
          sessions.shutdownNow();
        }
      }
    } catch (IOException e) {
      LOG.warnf(e, "closing the SMTP listeners");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      open.forEach(SessionChannel::close);
      sessions.shutdownNow();
    }
    LOG.info("SMTP server stopped");
  }

  private void acceptLoop(ServerSocket serverSocket, ListenerSettings listener) {
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
      SessionChannel channel;
      try {
        channel = new SessionChannel(socket);
      } catch (IOException e) {
        permits.release();
        closeQuietly(socket);
        continue;
      }
      SessionAdmission admission = new SessionAdmission(channel, listener, services, dispatcher,
          clientLimiter, limits.proxyTimeout());
      open.add(channel);
      try {
        sessions.execute(() -> {
          try {
            admission.run();
          } finally {
            open.remove(channel);
            permits.release();
          }
        });
      } catch (RuntimeException rejectedWhileStopping) {
        open.remove(channel);
        permits.release();
        channel.close();
      }
    }
  }

  /** Postfix would leave the client in the listen queue; a 421 tells it to come back later. */
  private void refuse(Socket socket) {
    services.metrics().connectionRefused();
    LOG.warnf("warning: connection limit %d reached: refusing unknown[%s]",
        limits.maxConnections(), socket.getInetAddress().getHostAddress());
    try (socket; OutputStream out = socket.getOutputStream()) {
      out.write(SmtpReply.tooManyConnections(services.settings().hostname()).toBytes());
    } catch (IOException ignored) {
      // The client left already; nothing to tell it.
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Nothing more to do with it.
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
