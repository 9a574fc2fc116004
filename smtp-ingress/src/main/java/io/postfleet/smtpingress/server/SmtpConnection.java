package io.postfleet.smtpingress.server;

import io.postfleet.smtp.SmtpReply;
import io.postfleet.smtp.input.InputLine;
import io.postfleet.smtp.input.ReceivedData;
import io.postfleet.smtp.input.SmtpInputDecoder;
import io.postfleet.smtpingress.command.CommandDispatcher;
import io.postfleet.smtpingress.command.CommandResult;
import io.postfleet.smtpingress.command.SmtpServices;
import io.postfleet.smtpingress.session.ClientEndpoint;
import io.postfleet.smtpingress.session.SessionPhase;
import io.postfleet.smtpingress.session.SessionSettings;
import io.postfleet.smtpingress.session.SmtpSession;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.jboss.logging.Logger;

/**
 * One SMTP session on its own thread, with blocking I/O. Replies are buffered and flushed only
 * when the client's input is used up, so a pipelined group (RFC 2920 §3.1) gets its replies in one
 * write, and a client waiting for a reply always gets it before we block reading.
 */
final class SmtpConnection implements Runnable {
  private static final Logger LOG = Logger.getLogger(SmtpConnection.class);
  private static final int READ_BUFFER = 16 * 1024;

  private final Socket socket;
  private final SmtpServices services;
  private final CommandDispatcher dispatcher;
  private final SessionSettings settings;
  private final SmtpInputDecoder decoder;
  /** Set by the server at shutdown; the session then ends at its next idle moment. */
  private volatile boolean draining;
  /** True while blocked reading with no transaction open: safe to cut at shutdown. */
  private volatile boolean idle;
  private SmtpSession session;
  private OutputStream out;

  SmtpConnection(Socket socket, SmtpServices services, CommandDispatcher dispatcher) {
    this.socket = socket;
    this.services = services;
    this.dispatcher = dispatcher;
    this.settings = services.settings();
    this.decoder = new SmtpInputDecoder(settings.lineLengthLimit());
  }

  @Override
  public void run() {
    ClientEndpoint client = ClientEndpoint.of(socket.getInetAddress(), settings.peernameLookup());
    session = new SmtpSession(client);
    LOG.infof("connect from %s", client.forLog());
    services.metrics().connectionAccepted();
    try (socket) {
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, settings.commandTimeout().toMillis()));
      socket.setTcpNoDelay(true);
      out = new BufferedOutputStream(socket.getOutputStream(), READ_BUFFER);
      send(SmtpReply.greeting(settings.hostname()));
      converse(socket.getInputStream());
      out.flush();
    } catch (IOException e) {
      LOG.infof("lost connection after %s from %s", session.lastCommand(), client.forLog());
    } catch (RuntimeException e) {
      LOG.errorf(e, "session with %s failed after %s", client.forLog(), session.lastCommand());
    } finally {
      LOG.infof("disconnect from %s %s", client.forLog(), session.stats().summary());
    }
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

  void closeSocket() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing is all we wanted; there is nobody left to tell.
    }
  }

  private void converse(InputStream in) throws IOException {
    byte[] buffer = new byte[READ_BUFFER];
    while (true) {
      if (decoder.readingData()) {
        ReceivedData data = decoder.nextMessage();
        if (data != null) {
          session.lastCommand("END-OF-MESSAGE");
          send(services.acceptor().accept(session, data));
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
      out.flush();
      idle = !decoder.readingData() && session.phase() != SessionPhase.IN_TRANSACTION;
      if (draining && idle) {
        send(SmtpReply.shuttingDown(settings.hostname()));
        return;
      }
      int n;
      try {
        n = in.read(buffer);
      } catch (SocketTimeoutException e) {
        LOG.infof("timeout after %s from %s", session.lastCommand(), session.client().forLog());
        send(SmtpReply.timeout(settings.hostname()));
        return;
      }
      idle = false;
      if (n < 0) {
        if (draining) {
          send(SmtpReply.shuttingDown(settings.hostname()));
        } else {
          LOG.infof("lost connection after %s from %s", session.lastCommand(), session.client().forLog());
        }
        return;
      }
      decoder.feed(buffer, 0, n);
    }
  }

  /** Sends the reply and carries out what follows it; false when the session is over. */
  private boolean act(CommandResult result) throws IOException {
    send(result.reply());
    switch (result.next()) {
      case READ_DATA -> decoder.startData(settings.messageSizeLimit());
      case CLOSE -> {
        return false;
      }
      case CONTINUE -> {
        // read the next command
      }
      default -> throw new IllegalStateException(result.next().name());
    }
    return true;
  }

  private void send(SmtpReply reply) throws IOException {
    out.write(reply.toBytes());
  }

  private void shutdownInput() {
    try {
      socket.shutdownInput();
    } catch (IOException ignored) {
      // Already closed: the session is ending anyway.
    }
  }
}
