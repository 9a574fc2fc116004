package io.postfleet.outboundrelay.smtp;

import io.postfleet.outboundrelay.route.Target;
import io.postfleet.smtp.client.DotStuffingOutputStream;
import io.postfleet.smtp.client.MalformedReplyException;
import io.postfleet.smtp.client.RemoteReply;
import io.postfleet.smtp.client.ReplyReader;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/** One client session on a connected socket: greeting, EHLO, MAIL, RCPT, DATA, QUIT. */
final class SmtpConversation {
  /** RFC 5321 §3.8: a server that answers 421 is closing the connection. */
  private static final int SERVICE_CLOSING = 421;
  private static final int START_MAIL_INPUT = 354;

  private final Socket socket;
  private final Target target;
  private final String heloName;
  private final SmtpTimeouts timeouts;
  private final ScheduledExecutorService alarms;
  private final Map<String, RemoteReply> rcptReplies = new LinkedHashMap<>();
  private ReplyReader reader;
  private WriteTimeoutOutputStream out;
  private Stage stage = Stage.GREETING;

  SmtpConversation(Socket socket, Target target, String heloName, SmtpTimeouts timeouts,
      ScheduledExecutorService alarms) {
    this.socket = socket;
    this.target = target;
    this.heloName = heloName;
    this.timeouts = timeouts;
    this.alarms = alarms;
  }

  SessionTranscript run(String mailFrom, List<String> recipients, byte[] content) {
    try {
      reader = new ReplyReader(socket.getInputStream());
      out = new WriteTimeoutOutputStream(socket, alarms);
      return converse(mailFrom, recipients, content);
    } catch (MalformedReplyException e) {
      return failed("host " + target.peer() + " sent a malformed reply while " + stage.activity()
          + ": " + e.getMessage());
    } catch (SocketTimeoutException e) {
      return failed(timedOut());
    } catch (IOException e) {
      return failed(out != null && out.timedOut() ? timedOut()
          : "lost connection with " + target.peer() + " while " + stage.activity());
    }
  }

  private SessionTranscript converse(String mailFrom, List<String> recipients, byte[] content)
      throws IOException {
    RemoteReply greeting = await(timeouts.helo());
    if (!greeting.isPositive()) {
      return endedBy(greeting);
    }
    stage = Stage.EHLO;
    RemoteReply hello = command("EHLO " + heloName, timeouts.helo());
    if (hello.isPermanent()) {
      // An old server that does not know EHLO (RFC 5321 §3.2).
      stage = Stage.HELO;
      hello = command("HELO " + heloName, timeouts.helo());
    }
    if (!hello.isPositive()) {
      return endedBy(hello);
    }
    stage = Stage.MAIL;
    RemoteReply mail = command("MAIL FROM:<" + mailFrom + ">", timeouts.mail());
    if (!mail.isPositive()) {
      return endedBy(mail);
    }
    stage = Stage.RCPT;
    boolean anyAccepted = false;
    for (String recipient : recipients) {
      RemoteReply reply = command("RCPT TO:<" + recipient + ">", timeouts.rcpt());
      rcptReplies.put(recipient, reply);
      if (reply.code() == SERVICE_CLOSING) {
        return endedBy(reply);
      }
      anyAccepted |= reply.isPositive();
    }
    if (!anyAccepted) {
      quit();
      return SessionTranscript.allRecipientsRefused(target, rcptReplies);
    }
    stage = Stage.DATA;
    RemoteReply data = command("DATA", timeouts.dataInit());
    if (data.code() != START_MAIL_INPUT) {
      return endedBy(data);
    }
    stage = Stage.MESSAGE;
    out.limit(timeouts.dataXfer());
    DotStuffingOutputStream body = new DotStuffingOutputStream(new BufferedOutputStream(out, 65536));
    body.write(content);
    body.finish();
    RemoteReply done = await(timeouts.dataDone());
    return endedBy(done);
  }

  private RemoteReply command(String line, Duration timeout) throws IOException {
    out.limit(timeout);
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    return await(timeout);
  }

  private RemoteReply await(Duration timeout) throws IOException {
    socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
    return reader.read();
  }

  private SessionTranscript endedBy(RemoteReply reply) {
    if (reply.code() != SERVICE_CLOSING) {
      quit();
    }
    return SessionTranscript.ended(target, stage, reply, rcptReplies);
  }

  /**
   * Says goodbye without waiting for the answer, as Postfix does by default
   * ({@code smtp_skip_quit_response}): the outcome is known already.
   */
  private void quit() {
    try {
      out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException ignored) {
      // The server may have gone already; nothing depends on QUIT.
    }
  }

  private SessionTranscript failed(String failure) {
    return SessionTranscript.failed(target, stage, failure, rcptReplies);
  }

  private String timedOut() {
    return "conversation with " + target.peer() + " timed out while " + stage.activity();
  }
}
