package io.postfleet.smtpingress.queue;

import io.postfleet.contract.Envelope;
import io.postfleet.contract.InboundMessage;
import io.postfleet.smtp.SmtpReply;
import io.postfleet.smtp.input.ReceivedData;
import io.postfleet.smtp.message.HeaderScan;
import io.postfleet.smtpingress.checks.ContentVerdict;
import io.postfleet.smtpingress.checks.SenderChecks;
import io.postfleet.smtpingress.content.ContentRulesSource;
import io.postfleet.smtpingress.content.HeaderBodyChecks;
import io.postfleet.smtpingress.content.RuleVerdict;
import io.postfleet.smtpingress.metrics.IngressMetrics;
import io.postfleet.smtpingress.session.MailTransaction;
import io.postfleet.smtpingress.session.SmtpSession;
import io.postfleet.smtpingress.session.TlsFacts;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import org.jboss.logging.Logger;

/**
 * Ends a mail transaction when its content has arrived, after DATA or with the last BDAT chunk
 * (Postfix's cleanup): refuses content the reader found faulty, the DKIM and DMARC checks or a
 * header or body rule refuse (a rule may also edit, hold or discard the message),
 * or a message that has looped (more hops than hopcount_limit, RFC 5321 §6.3), adds the header
 * fields a local client's message lacks ({@link MissingHeaders}),
 * otherwise prepends the Received header and the checks' trace headers, publishes the message with its envelope (TLS, AUTH and ESMTP facts included) and answers
 * 250 only once the publisher says it is durable. Either way the transaction is over.
 */
public final class MessageAcceptor {
  private static final Logger LOG = Logger.getLogger(MessageAcceptor.class);

  private final MessagePublisher publisher;
  private final SenderChecks checks;
  private final IngressMetrics metrics;
  private final Clock clock;
  private final String hostname;
  private final int hopcountLimit;
  private final MissingHeaders missingHeaders;
  private final ContentRulesSource contentRules;
  private final HeaderBodyChecks headerBodyChecks;

  public MessageAcceptor(MessagePublisher publisher, SenderChecks checks, IngressMetrics metrics, Clock clock,
      String hostname, HeaderRules rules, ContentRulesSource contentRules, HeaderBodyChecks headerBodyChecks) {
    this.publisher = publisher;
    this.checks = checks;
    this.metrics = metrics;
    this.clock = clock;
    this.hostname = hostname;
    this.hopcountLimit = rules.hopcountLimit();
    this.missingHeaders = new MissingHeaders(rules.addMissing(), hostname);
    this.contentRules = contentRules;
    this.headerBodyChecks = headerBodyChecks;
  }

  public SmtpReply accept(SmtpSession session, ReceivedData data) {
    MailTransaction transaction = session.transaction();
    // The protocol name depends on the transaction (UTF8SMTP), so it is taken before it ends.
    String protocol = session.protocol();
    session.endTransaction();
    return switch (data.verdict()) {
      case OK -> enqueue(session, transaction, protocol, data);
      case TOO_BIG -> refuse(session, transaction, protocol, SmtpReply.messageTooBig(), "too_big");
      case BARE_LF -> refuse(session, transaction, protocol, SmtpReply.bareLineFeed(), "bare_lf");
      case BARE_CR -> refuse(session, transaction, protocol, SmtpReply.bareCarriageReturn(), "bare_cr");
    };
  }

  private SmtpReply enqueue(SmtpSession session, MailTransaction transaction, String protocol,
      ReceivedData data) {
    String queueId = transaction.queueId();
    ContentVerdict checked = checks.content().check(session.checks(), checks.policy(), session.isAuthenticated(),
        transaction.recipients(), data.content(), queueId);
    if (!checked.decision().accepted()) {
      return refuse(session, transaction, protocol, checked.decision().reply(), checked.decision().reason());
    }
    // header_checks and body_checks apply to all mail, as Postfix's cleanup applies them to smtpd's.
    var loadedRules = contentRules.current();
    if (loadedRules.isEmpty()) {
      return refuse(session, transaction, protocol, SmtpReply.policyUnavailable(), "content_rules_unavailable");
    }
    RuleVerdict ruled = headerBodyChecks.check(loadedRules.get(), checked.content(), queueId);
    if (ruled.outcome() == RuleVerdict.Outcome.REJECT) {
      return refuse(session, transaction, protocol, SmtpReply.contentRejected(ruled.text()), "content_rule");
    }
    if (ruled.outcome() == RuleVerdict.Outcome.DISCARD) {
      LOG.infof("%s: discard: END-OF-MESSAGE from %s: from=<%s>, nrcpt=%d", queueId, session.client().forLog(),
          transaction.sender(), transaction.recipientCount());
      metrics.messageRejected("content_rule_discard");
      return SmtpReply.queued(queueId);
    }
    String quarantine = checked.quarantined() ? checked.quarantine() : ruled.hold();
    byte[] message = ruled.content();
    HeaderScan headers = HeaderScan.of(message);
    // Our own Received: is one more hop, as Postfix's cleanup counts the one smtpd added.
    if (headers.hops() + 1 > hopcountLimit) {
      LOG.warnf("%s: message rejected: hopcount exceeded", queueId);
      return refuse(session, transaction, protocol, SmtpReply.tooManyHops(), "too_many_hops");
    }
    Instant arrival = clock.instant();
    if (missingHeaders.appliesTo(session.checks().trusted(), session.isAuthenticated())) {
      message = missingHeaders.complete(message, headers, transaction.sender(), queueId,
          ZonedDateTime.ofInstant(arrival, clock.getZone()));
    }
    ReceivedHeader.Trace trace = new ReceivedHeader.Trace(session.helo(), session.client(), protocol,
        session.tls(), session.authUser());
    // UTF-8: an SMTPUTF8 recipient or login may appear in the header (RFC 6532 §3).
    byte[] header = ReceivedHeader.render(trace, hostname, queueId, transaction.recipients(),
        ZonedDateTime.ofInstant(arrival, clock.getZone())).concat(checked.traceHeaders())
        .getBytes(StandardCharsets.UTF_8);
    byte[] content = new byte[header.length + message.length];
    System.arraycopy(header, 0, content, 0, header.length);
    System.arraycopy(message, 0, content, header.length, message.length);
    Envelope envelope = new Envelope(queueId, transaction.sender(), transaction.recipients(),
        session.client().ip(), session.client().name(), session.helo(), protocol,
        session.tls().map(TlsFacts::envelopeText).orElse(""), session.authUser(), arrival, data.size(),
        EnvelopeOptions.of(transaction), quarantine);
    try {
      publisher.publish(new InboundMessage(envelope, content));
    } catch (PublishFailedException e) {
      SmtpReply reply = SmtpReply.queueWriteError();
      LOG.warnf("%s: reject: END-OF-MESSAGE from %s: %s; cause=%s", queueId,
          session.client().forLog(), reply.summary(), e.getMessage());
      metrics.messageRejected("publish_failed");
      return reply;
    }
    if (!quarantine.isEmpty()) {
      LOG.infof("%s: hold: END-OF-MESSAGE from %s: %s; from=<%s>", queueId, session.client().forLog(),
          quarantine, transaction.sender());
    }
    LOG.infof("%s: from=<%s>, size=%d, nrcpt=%d (queue %s)", queueId, transaction.sender(),
        content.length, transaction.recipientCount(), quarantine.isEmpty() ? "active" : "hold");
    metrics.messageAccepted();
    return SmtpReply.queued(queueId);
  }

  private SmtpReply refuse(SmtpSession session, MailTransaction transaction, String protocol, SmtpReply reply,
      String reason) {
    LOG.infof("%s: reject: END-OF-MESSAGE from %s: %s; from=<%s> proto=%s helo=<%s>",
        transaction.queueId(), session.client().forLog(), reply.summary(), transaction.sender(),
        protocol, session.helo());
    metrics.messageRejected(reason);
    return reply;
  }
}
