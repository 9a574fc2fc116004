package io.postfleet.outboundrelay.smtp;

import io.postfleet.outboundrelay.route.Target;
import io.postfleet.smtp.client.RemoteReply;
import io.postfleet.smtp.client.ServerExtensions;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLException;
import org.jboss.logging.Logger;

/**
 * Opens a session up to the point where mail can be sent: connect, greeting, EHLO (HELO for old
 * servers), STARTTLS and EHLO again as the destination's TLS policy asks, then AUTH if credentials
 * are configured.
 */
final class SessionOpener {
  private static final Logger LOG = Logger.getLogger(SessionOpener.class);
  private static final int READY_TO_START_TLS = 220;

  private final String heloName;
  private final SmtpTimeouts timeouts;
  private final TlsContexts tls;
  private final ScheduledExecutorService alarms;

  SessionOpener(String heloName, SmtpTimeouts timeouts, TlsContexts tls, ScheduledExecutorService alarms) {
    this.heloName = heloName;
    this.timeouts = timeouts;
    this.tls = tls;
    this.alarms = alarms;
  }

  /** @param tryTls false on the plaintext retry after an opportunistic handshake failed */
  SessionOpening open(Target target, Destination destination, boolean tryTls) {
    SmtpConnection connection;
    try {
      connection = SmtpConnection.connect(target, timeouts.connect(), alarms);
    } catch (IOException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return SessionOpening.ended(SessionTranscript.failed(
          target, Stage.CONNECT, "connect to " + target.relay() + ": " + reason, Map.of()));
    }
    Stage stage = Stage.GREETING;
    try {
      RemoteReply greeting = connection.read(timeouts.helo());
      if (!greeting.isPositive()) {
        return end(connection, stage, greeting);
      }
      if (namesUs(greeting)) {
        return loopsBack(connection, stage, destination, "greeted me with my own hostname");
      }
      stage = Stage.EHLO;
      Optional<SessionTranscript> refused = hello(connection, destination);
      if (refused.isPresent()) {
        return SessionOpening.ended(refused.get());
      }
      if (tryTls && destination.tls() != TlsLevel.NONE) {
        stage = Stage.STARTTLS;
        Optional<SessionOpening> tlsEnding = startTls(connection, destination);
        if (tlsEnding.isPresent()) {
          return tlsEnding.get();
        }
      }
      if (destination.credentials().isPresent()) {
        stage = Stage.AUTH;
        Credentials credentials = destination.credentials().get();
        Optional<Shortfall> unusable = SmtpAuthentication.unusable(connection, credentials);
        if (unusable.isPresent()) {
          connection.quit();
          return SessionOpening.ended(
              SessionTranscript.declined(target, stage, unusable.get()).withTls(connection.tls()));
        }
        RemoteReply auth = SmtpAuthentication.authenticate(connection, credentials, timeouts.helo());
        if (!auth.isPositive()) {
          return end(connection, stage, auth);
        }
      }
      return SessionOpening.ready(connection);
    } catch (IOException e) {
      connection.close();
      return SessionOpening.ended(SessionTranscript.failed(
          target, stage, connection.describe(e, stage), Map.of()).withTls(connection.tls()));
    }
  }

  /**
   * Whether a 220 greeting or the EHLO reply starts with our own hostname (RFC 5321 §4.3.1,
   * §4.1.1.1: both begin with the server's name): a transport or MX that leads back to Postfleet.
   * As Postfix's smtp_helo.c, the mail is not sent round again (each round adds a Received:, until
   * hopcount_limit) but bounced at once.
   */
  private boolean namesUs(RemoteReply reply) {
    if (reply.textLines().isEmpty()) {
      return false;
    }
    String first = reply.textLines().get(0).strip();
    int space = first.indexOf(' ');
    return (space < 0 ? first : first.substring(0, space)).equalsIgnoreCase(heloName);
  }

  private SessionOpening loopsBack(SmtpConnection connection, Stage stage, Destination destination, String how) {
    LOG.warnf("host %s %s %s", connection.target().peer(), how, heloName);
    connection.quit();
    return SessionOpening.ended(SessionTranscript.declined(connection.target(), stage,
        new Shortfall(Shortfall.Kind.LOOPS_BACK, "mail for " + destination.name() + " loops back to myself"))
        .withTls(connection.tls()));
  }

  /** EHLO, or HELO when the server does not know EHLO (RFC 5321 §3.2); empty when it went well. */
  private Optional<SessionTranscript> hello(SmtpConnection connection, Destination destination)
      throws IOException {
    Stage stage = Stage.EHLO;
    RemoteReply hello = connection.command("EHLO " + heloName, timeouts.helo());
    if (hello.isPermanent() && connection.tls().isEmpty()) {
      stage = Stage.HELO;
      hello = connection.command("HELO " + heloName, timeouts.helo());
      connection.extensions(ServerExtensions.NONE);
    } else if (hello.isPositive()) {
      connection.extensions(ServerExtensions.fromEhlo(hello));
    }
    if (hello.isPositive() && namesUs(hello)) {
      return loopsBack(connection, stage, destination, "replied to HELO/EHLO with my own hostname").ending();
    }
    return hello.isPositive() ? Optional.empty() : Optional.of(end(connection, stage, hello).ending().get());
  }

  /**
   * STARTTLS as the policy says. Opportunistic TLS goes on in plaintext when STARTTLS is not
   * offered or refused, and asks for a plaintext retry when the handshake fails (the connection is
   * unusable by then), as Postfix does at level {@code may}; required TLS ends the session instead.
   */
  private Optional<SessionOpening> startTls(SmtpConnection connection, Destination destination)
      throws IOException {
    TlsLevel level = destination.tls();
    Target target = connection.target();
    if (!connection.extensions().has("STARTTLS")) {
      if (!level.required()) {
        return Optional.empty();
      }
      connection.quit();
      return Optional.of(SessionOpening.ended(SessionTranscript.declined(target, Stage.STARTTLS,
          new Shortfall(Shortfall.Kind.TLS_NOT_OFFERED,
              "TLS is required, but was not offered by host " + target.peer()))));
    }
    RemoteReply reply = connection.command("STARTTLS", timeouts.starttls());
    if (reply.code() != READY_TO_START_TLS) {
      if (!level.required()) {
        LOG.infof("host %s refused STARTTLS (%s); going on without TLS", target.relay(), reply);
        return Optional.empty();
      }
      return Optional.of(end(connection, Stage.STARTTLS, reply));
    }
    try {
      connection.startTls(tls.factory(level), level == TlsLevel.VERIFY, timeouts.starttls());
    } catch (IOException e) {
      connection.close();
      return Optional.of(handshakeFailed(target, level, e));
    }
    LOG.infof("%s TLS connection established to %s: %s",
        level == TlsLevel.VERIFY ? "Verified" : "Untrusted", target.relay(), connection.tls());
    return hello(connection, destination).map(SessionOpening::ended);
  }

  private static SessionOpening handshakeFailed(Target target, TlsLevel level, IOException e) {
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (!level.required()) {
      LOG.warnf("TLS handshake with %s failed (%s); trying again without TLS", target.relay(), reason);
      return SessionOpening.tlsFailed(SessionTranscript.failed(target, Stage.STARTTLS,
          "Cannot start TLS: handshake failure with " + target.peer() + ": " + reason, Map.of()));
    }
    boolean certificate = level == TlsLevel.VERIFY && e instanceof SSLException && causedByCertificate(e);
    return SessionOpening.ended(SessionTranscript.declined(target, Stage.STARTTLS, certificate
        ? new Shortfall(Shortfall.Kind.CERTIFICATE_NOT_VERIFIED,
            "Server certificate not verified: " + target.peer() + ": " + reason)
        : new Shortfall(Shortfall.Kind.TLS_FAILED,
            "Cannot start TLS: handshake failure with " + target.peer() + ": " + reason)));
  }

  private static boolean causedByCertificate(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateException) {
        return true;
      }
    }
    return false;
  }

  /** Ends the session on a reply: QUIT first, unless the server is closing already (421). */
  private static SessionOpening end(SmtpConnection connection, Stage stage, RemoteReply reply) {
    if (reply.code() == MailTransaction.SERVICE_CLOSING) {
      connection.close();
    } else {
      connection.quit();
    }
    return SessionOpening.ended(
        SessionTranscript.ended(connection.target(), stage, reply, Map.of()).withTls(connection.tls()));
  }
}
