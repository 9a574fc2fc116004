package io.postfleet.outboundrelay.smtp;

import io.postfleet.outboundrelay.route.Target;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Delivers one message to one target over plain SMTP (RFC 5321) and reports what happened as a
 * {@link SessionTranscript}; it judges nothing. TLS comes later.
 */
public final class SmtpClient implements AutoCloseable {
  private final String heloName;
  private final SmtpTimeouts timeouts;
  private final ScheduledExecutorService alarms;

  /**
   * @param heloName the name given in EHLO/HELO
   * @param timeouts the limits of every stage
   */
  public SmtpClient(String heloName, SmtpTimeouts timeouts) {
    this.heloName = heloName;
    this.timeouts = timeouts;
    this.alarms = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "smtp-write-alarm");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * @param mailFrom the reverse-path without brackets, empty for the null sender
   * @param recipients the forward-paths without brackets
   * @param content the message, sent dot-stuffed
   */
  public SessionTranscript deliver(
      Target target, String mailFrom, List<String> recipients, byte[] content) {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(target.address(), target.port()),
          Math.toIntExact(timeouts.connect().toMillis()));
    } catch (IOException e) {
      closeQuietly(socket);
      return SessionTranscript.failed(
          target, Stage.CONNECT, "connect to " + target.relay() + ": " + reason(e), Map.of());
    }
    try {
      return new SmtpConversation(socket, target, heloName, timeouts, alarms)
          .run(mailFrom, recipients, content);
    } finally {
      closeQuietly(socket);
    }
  }

  @Override
  public void close() {
    alarms.shutdownNow();
  }

  static String reason(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // The session's result is known; a failing close changes nothing about it.
    }
  }
}
