package io.postfleet.smtpingress.server;

import io.postfleet.smtp.SmtpReply;
import io.postfleet.smtp.input.ChunkSink;
import io.postfleet.smtp.input.InputLine;
import io.postfleet.smtp.input.ReceivedData;
import io.postfleet.smtp.input.SmtpInputDecoder;
import io.postfleet.smtpingress.command.CommandDispatcher;
import io.postfleet.smtpingress.command.CommandResult;
import io.postfleet.smtpingress.command.SmtpServices;
import io.postfleet.smtpingress.session.SessionPhase;
import io.postfleet.smtpingress.session.SessionSettings;
import io.postfleet.smtpingress.session.SmtpSession;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.jboss.logging.Logger;

/**
 * One SMTP session after its connection was admitted, on its own thread, with blocking I/O.
 * Replies are buffered and flushed only when the client's input is used up, so a pipelined group
 * (RFC 2920 §3.1) gets its replies in one write, and a client waiting for a reply always gets it
 * before we block reading. Every read waits only for what is left of the request's
 * {@link RequestDeadline}.
 */
final class SmtpConnection {
  private static final Logger LOG = Logger.getLogger(SmtpConnection.class);
  private static final int READ_BUFFER = 16 * 1024;

  private final SessionChannel channel;
  private final SmtpSession session;
  private final SmtpServices services;
  private final CommandDispatcher dispatcher;
  private final SessionSettings settings;
  private final SmtpInputDecoder decoder;
  private final RequestDeadline deadline;
  private CommandResult pendingChunk;
  private ChunkSink chunkSink = ChunkSink.DISCARD;

  SmtpConnection(SessionChannel channel, SmtpSession session, SmtpServices services,
      CommandDispatcher dispatcher) {
    this.channel = channel;
    this.session = session;
    this.services = services;
    this.dispatcher = dispatcher;
    this.settings = services.settings();
    this.decoder = new SmtpInputDecoder(settings.lineLengthLimit());
    this.deadline = new RequestDeadline(settings.commandTimeout(), settings.minDataRate());
  }

  /** Greets the client and serves it until QUIT, a timeout, an error limit or shutdown. */
  void serve() throws IOException {
    if (session.rules().implicitTls() && !startTls()) {
      return;
    }
    session.checks(services.checks().connect(session.client().address(), session.rules().policyListener(),
        services.recipients().trusted(session.client().address())));
    Optional<SmtpReply> refusal = services.checks().refusalAtConnect(session.checks(), settings.hostname());
    if (refusal.isPresent()) {
      send(refusal.get());
      channel.flush();
      return;
    }
    send(SmtpReply.greeting(settings.hostname()));
    converse();
    channel.flush();
  }

  /** True while blocked on the client with no transaction open: safe to cut at shutdown. */
  boolean idle() {
    return !decoder.readingData() && !decoder.readingChunk()
        && session.phase() != SessionPhase.IN_TRANSACTION && session.saslExchange().isEmpty();
  }

  private void converse() throws IOException {
    byte[] buffer = new byte[READ_BUFFER];
    while (true) {
      if (decoder.readingChunk()) {
        if (decoder.nextChunkBytes(chunkSink)) {
          afterChunk();
          continue;
        }
      } else if (decoder.readingData()) {
        ReceivedData data = decoder.nextMessage();
        if (data != null) {
          session.lastCommand("END-OF-MESSAGE");
          send(services.acceptor().accept(session, data));
          deadline.restart();
          continue;
        }
      } else {
        if (session.errors() >= settings.hardErrorLimit()) {
          LOG.infof("too many errors after %s from %s", session.lastCommand(), session.client().forLog());
          send(SmtpReply.tooManyErrors(settings.hostname()));
          return;
        }
        InputLine line = decoder.nextLine();
        if (line != null) {
          if (!act(dispatcher.dispatch(session, line))) {
            return;
          }
          continue;
        }
      }
      channel.flush();
      boolean content = decoder.readingData() || decoder.readingChunk();
      int n = read(buffer);
      if (n < 0) {
        return;
      }
      decoder.feed(buffer, 0, n);
      if (content) {
        deadline.earn(n);
      }
    }
  }

  /** Sends the reply and carries out what follows it; false when the session is over. */
  private boolean act(CommandResult result) throws IOException {
    switch (result.next()) {
      case CONTINUE -> send(result.reply());
      case READ_DATA -> {
        send(result.reply());
        decoder.startData(settings.messageSizeLimit());
      }
      case READ_CHUNK, READ_LAST_CHUNK, SKIP_CHUNK -> {
        // RFC 3030 §2: the reply to BDAT comes after its chunk.
        pendingChunk = result;
        chunkSink = result.next() == CommandResult.Next.SKIP_CHUNK
            ? ChunkSink.DISCARD
            : session.transaction().chunks().orElseThrow();
        decoder.startChunk(result.chunkSize());
      }
      case START_TLS -> {
        send(result.reply());
        channel.flush();
        int dropped = decoder.discardPending();
        if (dropped > 0) {
          LOG.warnf("warning: %s: %d bytes pipelined after STARTTLS discarded (CVE-2011-0411)",
              session.client().forLog(), dropped);
        }
        if (!startTls()) {
          return false;
        }
      }
      case CLOSE -> {
        send(result.reply());
        return false;
      }
      default -> throw new IllegalStateException(result.next().name());
    }
    deadline.restart();
    return true;
  }

  private void afterChunk() throws IOException {
    CommandResult chunk = pendingChunk;
    pendingChunk = null;
    chunkSink = ChunkSink.DISCARD;
    if (chunk.next() == CommandResult.Next.READ_LAST_CHUNK) {
      session.lastCommand("END-OF-MESSAGE");
      send(services.acceptor().accept(session, session.transaction().chunks().orElseThrow().finish()));
    } else {
      send(chunk.reply());
    }
    deadline.restart();
  }

  /** The handshake, for STARTTLS or on a port of implicit TLS; false when the session is over. */
  private boolean startTls() throws IOException {
    Optional<SSLContext> context = services.tls().current();
    if (context.isEmpty()) {
      LOG.warnf("warning: %s: no TLS certificate available", session.client().forLog());
      return false;
    }
    try {
      session.tlsStarted(channel.startTls(context.get(), (int) Math.max(1, deadline.remainingMillis())));
    } catch (SSLException | SocketTimeoutException e) {
      LOG.infof("SSL_accept error from %s: %s", session.client().forLog(), e.getMessage());
      return false;
    }
    LOG.infof("TLS connection established from %s: %s", session.client().forLog(),
        session.tls().orElseThrow().summary());
    return true;
  }

  /** Reads what the client sent, within the deadline; -1 when the session must end. */
  private int read(byte[] buffer) throws IOException {
    if (channel.draining() && idle()) {
      send(SmtpReply.shuttingDown(settings.hostname()));
      return -1;
    }
    long remaining = deadline.remainingMillis();
    int n;
    try {
      if (remaining <= 0) {
        throw new SocketTimeoutException();
      }
      channel.idle(idle());
      n = channel.read(buffer, (int) Math.min(Integer.MAX_VALUE, remaining));
    } catch (SocketTimeoutException e) {
      LOG.infof("timeout after %s from %s", session.lastCommand(), session.client().forLog());
      send(SmtpReply.timeout(settings.hostname()));
      return -1;
    } catch (IOException e) {
      if (!channel.draining()) {
        throw e;
      }
      n = -1; // shut down under a TLS read, which reports the cut as an error
    } finally {
      channel.idle(false);
    }
    if (n < 0) {
      if (channel.draining()) {
        send(SmtpReply.shuttingDown(settings.hostname()));
      } else {
        LOG.infof("lost connection after %s from %s", session.lastCommand(), session.client().forLog());
      }
    }
    return n;
  }

  private void send(SmtpReply reply) throws IOException {
    channel.write(reply.toBytes());
  }
}
