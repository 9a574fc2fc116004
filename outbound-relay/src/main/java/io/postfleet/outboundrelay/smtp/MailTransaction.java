package io.postfleet.outboundrelay.smtp;

import io.postfleet.contract.EsmtpOptions.BodyType;
import io.postfleet.contract.RelayDeliveryJob.Recipient;
import io.postfleet.smtp.client.DotStuffingOutputStream;
import io.postfleet.smtp.client.RemoteReply;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One mail transaction on an open connection: MAIL, RCPT for each recipient, DATA, the content.
 * With PIPELINING (RFC 2920) MAIL, every RCPT and DATA go out in one write and the replies are
 * matched to them in order; without it each command waits for its reply. A BODY=BINARYMIME message
 * goes in BDAT chunks instead of DATA (RFC 3030 §3: binary content must not be sent with DATA);
 * everything else keeps DATA, as Postfix does. It never says QUIT: the connection may carry the next
 * message.
 */
final class MailTransaction {
  /** RFC 5321 §3.8: a server that answers 421 is closing the connection. */
  static final int SERVICE_CLOSING = 421;
  private static final int START_MAIL_INPUT = 354;
  private static final byte[] LONE_DOT = {'.', '\r', '\n'};

  private final SmtpConnection connection;
  private final SmtpTimeouts timeouts;
  private final Map<String, RemoteReply> rcptReplies = new LinkedHashMap<>();
  private Stage stage = Stage.MAIL;

  MailTransaction(SmtpConnection connection, SmtpTimeouts timeouts) {
    this.connection = connection;
    this.timeouts = timeouts;
  }

  SessionTranscript run(Outgoing message) {
    try {
      Optional<Shortfall> shortfall = MessageRequirements.check(connection.extensions(), message, connection.target());
      if (shortfall.isPresent()) {
        return SessionTranscript.declined(connection.target(), Stage.MAIL, shortfall.get());
      }
      return connection.extensions().has("PIPELINING") ? pipelined(message) : lockstep(message);
    } catch (IOException e) {
      return SessionTranscript.failed(connection.target(), stage, connection.describe(e, stage), rcptReplies);
    }
  }

  private SessionTranscript lockstep(Outgoing message) throws IOException {
    RemoteReply mail = connection.command(
        EnvelopeParameters.mail(connection.extensions(), message), timeouts.mail());
    if (!mail.isPositive()) {
      return endedBy(mail);
    }
    stage = Stage.RCPT;
    for (Recipient recipient : message.recipients()) {
      RemoteReply reply = connection.command(
          EnvelopeParameters.rcpt(connection.extensions(), message, recipient), timeouts.rcpt());
      rcptReplies.put(recipient.address(), reply);
      if (reply.code() == SERVICE_CLOSING) {
        return endedBy(reply);
      }
    }
    if (!anyAccepted()) {
      return SessionTranscript.allRecipientsRefused(connection.target(), rcptReplies);
    }
    if (binary(message)) {
      return chunks(message);
    }
    stage = Stage.DATA;
    RemoteReply data = connection.command("DATA", timeouts.dataInit());
    return data.code() == START_MAIL_INPUT ? content(message) : endedBy(data);
  }

  /**
   * RFC 2920 §3.1: DATA ends the group, since its 354 must be seen before any content is sent. A
   * refused MAIL turns the RCPT and DATA replies into "503 need MAIL", which are read and dropped
   * so that the connection stays in step for the next transaction. A binary message's group ends
   * with the last RCPT: its first chunk goes once a recipient is known to be accepted, so a chunk
   * is never sent for nobody.
   */
  private SessionTranscript pipelined(Outgoing message) throws IOException {
    boolean binary = binary(message);
    List<String> group = new ArrayList<>();
    group.add(EnvelopeParameters.mail(connection.extensions(), message));
    for (Recipient recipient : message.recipients()) {
      group.add(EnvelopeParameters.rcpt(connection.extensions(), message, recipient));
    }
    if (!binary) {
      group.add("DATA");
    }
    connection.send(group, timeouts.mail());
    RemoteReply mail = connection.read(timeouts.mail());
    if (mail.code() == SERVICE_CLOSING) {
      return endedBy(mail);
    }
    stage = Stage.RCPT;
    List<RemoteReply> replies = new ArrayList<>();
    for (Recipient recipient : message.recipients()) {
      RemoteReply reply = connection.read(timeouts.rcpt());
      if (reply.code() == SERVICE_CLOSING) {
        return mail.isPositive() ? recordAndEnd(message, replies, reply) : endedAt(Stage.MAIL, mail);
      }
      replies.add(reply);
    }
    if (binary) {
      if (!mail.isPositive()) {
        return endedAt(Stage.MAIL, mail);
      }
      recordRecipients(message, replies);
      return anyAccepted()
          ? chunks(message)
          : SessionTranscript.allRecipientsRefused(connection.target(), rcptReplies);
    }
    stage = Stage.DATA;
    RemoteReply data = connection.read(timeouts.dataInit());
    if (!mail.isPositive()) {
      finishUnwantedData(data);
      return endedAt(Stage.MAIL, mail);
    }
    recordRecipients(message, replies);
    if (!anyAccepted()) {
      finishUnwantedData(data);
      return SessionTranscript.allRecipientsRefused(connection.target(), rcptReplies);
    }
    return data.code() == START_MAIL_INPUT ? content(message) : endedBy(data);
  }

  private void recordRecipients(Outgoing message, List<RemoteReply> replies) {
    for (int i = 0; i < replies.size(); i++) {
      rcptReplies.put(message.recipients().get(i).address(), replies.get(i));
    }
  }

  /**
   * A server may answer 354 to a pipelined DATA even with no valid recipient; RFC 2920 §3.1 has the
   * client end that empty message with a lone dot, which the server then refuses.
   */
  private void finishUnwantedData(RemoteReply data) throws IOException {
    if (data.code() == START_MAIL_INPUT) {
      connection.content(timeouts.dataXfer()).write(LONE_DOT);
      connection.read(timeouts.dataDone());
    }
  }

  private SessionTranscript content(Outgoing message) throws IOException {
    stage = Stage.MESSAGE;
    DotStuffingOutputStream body = new DotStuffingOutputStream(
        new BufferedOutputStream(connection.content(timeouts.dataXfer()), 65536));
    body.write(message.content());
    body.finish();
    return endedBy(connection.read(timeouts.dataDone()));
  }

  /** The content in BDAT chunks; their last reply, or a refused chunk's, ends the transaction. */
  private SessionTranscript chunks(Outgoing message) throws IOException {
    stage = Stage.BDAT;
    return endedBy(BdatTransfer.send(connection, message.content(), timeouts));
  }

  private static boolean binary(Outgoing message) {
    return message.options().body() == BodyType.BINARY_MIME;
  }

  private SessionTranscript recordAndEnd(Outgoing message, List<RemoteReply> replies, RemoteReply closing) {
    recordRecipients(message, replies);
    rcptReplies.put(message.recipients().get(replies.size()).address(), closing);
    return endedBy(closing);
  }

  private boolean anyAccepted() {
    return rcptReplies.values().stream().anyMatch(RemoteReply::isPositive);
  }

  private SessionTranscript endedBy(RemoteReply reply) {
    return endedAt(stage, reply);
  }

  private SessionTranscript endedAt(Stage at, RemoteReply reply) {
    return SessionTranscript.ended(connection.target(), at, reply, rcptReplies);
  }
}
