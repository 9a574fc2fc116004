package io.postfleet.smtpingress.server;

import io.postfleet.smtp.SmtpReply;
import io.postfleet.smtpingress.command.CommandDispatcher;
import io.postfleet.smtpingress.command.SmtpServices;
import io.postfleet.smtpingress.proxy.ProxyProtocolReader;
import io.postfleet.smtpingress.session.ClientEndpoint;
import io.postfleet.smtpingress.session.SmtpSession;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * What happens to an accepted connection before SMTP starts, on the session's own thread: the
 * PROXY header, if the listener expects one, names the real client; the per-client limits are
 * checked against that client; then the session runs, and its end is logged as Postfix does.
 */
final class SessionAdmission implements Runnable {
  private static final Logger LOG = Logger.getLogger(SessionAdmission.class);

  private final SessionChannel channel;
  private final ListenerSettings listener;
  private final SmtpServices services;
  private final CommandDispatcher dispatcher;
  private final ClientConnectionLimiter limiter;
  private final Duration proxyTimeout;

  SessionAdmission(SessionChannel channel, ListenerSettings listener, SmtpServices services,
      CommandDispatcher dispatcher, ClientConnectionLimiter limiter, Duration proxyTimeout) {
    this.channel = channel;
    this.listener = listener;
    this.services = services;
    this.dispatcher = dispatcher;
    this.limiter = limiter;
    this.proxyTimeout = proxyTimeout;
  }

  @Override
  public void run() {
    try (channel) {
      InetAddress address = clientAddress();
      if (address == null) {
        return;
      }
      if (!limiter.admit(address)) {
        refuse(address);
        return;
      }
      try {
        converse(new SmtpSession(ClientEndpoint.of(address, services.settings().peernameLookup()),
            listener.rules()));
      } finally {
        limiter.release(address);
      }
    }
  }

  private void converse(SmtpSession session) {
    ClientEndpoint client = session.client();
    LOG.infof("%s: connect from %s", listener.rules().name(), client.forLog());
    services.metrics().connectionAccepted();
    try {
      new SmtpConnection(channel, session, services, dispatcher).serve();
    } catch (IOException e) {
      LOG.infof("lost connection after %s from %s", session.lastCommand(), client.forLog());
    } catch (RuntimeException e) {
      LOG.errorf(e, "session with %s failed after %s", client.forLog(), session.lastCommand());
      sayInternalError();
    } finally {
      LOG.infof("%s: disconnect from %s %s", listener.rules().name(), client.forLog(), session.stats().summary());
    }
  }

  /**
   * A bug of ours ended the session: the client is told to come back later (RFC 5321 §3.8: 421
   * before closing) rather than left to guess from a dropped connection, and the message it was
   * sending stays its to retry.
   */
  private void sayInternalError() {
    try {
      channel.write(SmtpReply.internalError(services.settings().hostname()).toBytes());
      channel.flush();
    } catch (IOException | RuntimeException e) {
      LOG.debugf("421 after the internal error not sent: %s", e);
    }
  }

  /** The connection's peer, or the client a PROXY header names; null when the header is bad. */
  private InetAddress clientAddress() {
    InetAddress peer = channel.tcp().getInetAddress();
    if (!listener.proxyProtocol()) {
      return peer;
    }
    try {
      channel.tcp().setSoTimeout((int) proxyTimeout.toMillis());
      return ProxyProtocolReader.read(channel.tcp().getInputStream()).orElse(peer);
    } catch (IOException e) {
      LOG.warnf("warning: %s: bad or missing PROXY protocol header from [%s]: %s",
          listener.rules().name(), peer.getHostAddress(), e.getMessage());
      return null;
    }
  }

  /**
   * 421 over plaintext; on an implicit-TLS port the client expects a handshake, so it is simply
   * closed rather than spending a handshake on a client we refuse.
   */
  private void refuse(InetAddress address) {
    services.metrics().clientLimited();
    LOG.warnf("warning: %s: connection count or rate limit exceeded for [%s]", listener.rules().name(),
        address.getHostAddress());
    if (listener.rules().implicitTls()) {
      return;
    }
    try {
      channel.write(SmtpReply.tooManyConnectionsFrom(services.settings().hostname(),
          address.getHostAddress()).toBytes());
      channel.flush();
    } catch (IOException ignored) {
      // The client left already; nothing to tell it.
    }
  }
}
