package io.postfleet.outboundrelay.smtp;

import io.postfleet.outboundrelay.route.Target;
import io.postfleet.smtp.client.RemoteReply;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Delivers one message to one target over SMTP (RFC 5321) and reports what happened as a
 * {@link SessionTranscript}; it judges nothing. Sessions are reused for later messages to the same
 * server (with RSET first, which also proves the session is still alive) and their number is capped
 * per destination and in all.
 */
public final class SmtpClient implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SmtpClient.class);

  private final SmtpTimeouts timeouts;
  private final ScheduledExecutorService alarms;
  private final SessionOpener opener;
  private final ConnectionPool pool;
  private final ConcurrencyLimiter limiter;

  /**
   * @param heloName the name given in EHLO/HELO
   * @param timeouts the limits of every stage
   * @param tls the TLS set-ups for STARTTLS
   * @param limits concurrency and reuse limits
   */
  public SmtpClient(String heloName, SmtpTimeouts timeouts, TlsContexts tls, ConnectionLimits limits) {
    this.timeouts = timeouts;
    this.alarms = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "smtp-client-alarms");
      t.setDaemon(true);
      return t;
    });
    this.opener = new SessionOpener(heloName, timeouts, tls, alarms);
    this.pool = new ConnectionPool(limits);
    this.limiter = new ConcurrencyLimiter(limits);
    alarms.scheduleWithFixedDelay(pool::expire, 1, 1, TimeUnit.SECONDS);
  }

  /** Delivers to the target under the destination's policy. */
  public SessionTranscript deliver(Destination destination, Target target, Outgoing message) {
    try (ConcurrencyLimiter.Slot slot = limiter.acquire(destination.name())) {
      ConnectionPool.Key key = new ConnectionPool.Key(target.relay(), destination.tls(),
          destination.credentials().map(Credentials::username).orElse(""));
      Optional<SmtpConnection> reused = reusable(key);
      SmtpConnection connection;
      if (reused.isPresent()) {
        connection = reused.get();
      } else {
        SessionOpening opening = opener.open(target, destination, true);
        if (opening.retryInPlaintext()) {
          opening = opener.open(target, destination, false);
        }
        if (opening.ending().isPresent()) {
          return opening.ending().get();
        }
        connection = opening.connection().orElseThrow();
      }
      SessionTranscript transcript = new MailTransaction(connection, timeouts).run(message)
          .withTls(connection.tls()).withDsn(connection.extensions().has("DSN"));
      connection.transactionDone();
      if (mayReuse(transcript)) {
        pool.give(key, connection);
      } else {
        connection.quit();
      }
      return transcript;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SessionTranscript.failed(target, Stage.CONNECT,
          "delivery to " + target.relay() + " interrupted before connecting", Map.of());
    }
  }

  /** A pooled session that answers RSET (RFC 5321 §4.1.1.5) and so is known to be in step. */
  private Optional<SmtpConnection> reusable(ConnectionPool.Key key) {
    for (Optional<SmtpConnection> c = pool.take(key); c.isPresent(); c = pool.take(key)) {
      try {
        RemoteReply reset = c.get().command("RSET", timeouts.rset());
        if (reset.isPositive()) {
          return c;
        }
        LOG.debugf("%s answered RSET with %s; not reusing the session", key.relay(), reset);
      } catch (IOException e) {
        LOG.debugf("session with %s went away while idle: %s", key.relay(), e.getMessage());
      }
      c.get().close();
    }
    return Optional.empty();
  }

  /** Only a session that ended on a reply other than 421 is known to be in a sane state. */
  private static boolean mayReuse(SessionTranscript transcript) {
    return transcript.failure().isEmpty()
        && transcript.reply().map(r -> r.code() != MailTransaction.SERVICE_CLOSING).orElse(true);
  }

  @Override
  public void close() {
    pool.closeAll(); // first: QUIT's write limit needs the alarms
    alarms.shutdownNow();
  }
}
