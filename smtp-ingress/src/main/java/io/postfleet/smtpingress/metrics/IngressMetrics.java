package io.postfleet.smtpingress.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The counters smtp-ingress exports at /q/metrics. */
public final class IngressMetrics {
  private final MeterRegistry registry;
  private final Counter connectionsAccepted;
  private final Counter connectionsRefused;
  private final Counter connectionsClientLimited;
  private final Counter messagesAccepted;

  public IngressMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.connectionsAccepted = connections("accepted");
    this.connectionsRefused = connections("refused");
    this.connectionsClientLimited = connections("client_limited");
    this.messagesAccepted = Counter.builder("postfleet.smtp.messages.accepted")
        .description("Messages acknowledged with 250 after Kafka acked them")
        .register(registry);
  }

  public void connectionAccepted() {
    connectionsAccepted.increment();
  }

  /** A connection turned away because the connection limit was reached. */
  public void connectionRefused() {
    connectionsRefused.increment();
  }

  /** A connection turned away because its client was over its count or rate limit. */
  public void clientLimited() {
    connectionsClientLimited.increment();
  }

  /** An AUTH exchange that ended in success or failure. */
  public void authentication(boolean succeeded) {
    Counter.builder("postfleet.smtp.auth")
        .description("SMTP AUTH attempts by result")
        .tag("result", succeeded ? "success" : "failure")
        .register(registry)
        .increment();
  }

  public void messageAccepted() {
    messagesAccepted.increment();
  }

  /** A message refused at the end of DATA; {@code reason} such as {@code too_big}. */
  public void messageRejected(String reason) {
    Counter.builder("postfleet.smtp.messages.rejected")
        .description("Messages refused at the end of DATA")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /** A recipient refused at RCPT; {@code reason} such as {@code relay_denied}. */
  public void recipientRejected(String reason) {
    Counter.builder("postfleet.smtp.recipients.rejected")
        .description("Recipients refused at RCPT time")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /** One verdict of a sender check: {@code check} such as {@code spf}, {@code result} such as {@code fail}. */
  public void checkVerdict(String check, String result) {
    Counter.builder("postfleet.smtp.checks")
        .description("Verdicts of the sender checks (iprev, dnsbl, spf, greylist, dkim, dmarc)")
        .tag("check", check)
        .tag("result", result)
        .register(registry)
        .increment();
  }

  private Counter connections(String result) {
    return Counter.builder("postfleet.smtp.connections")
        .description("SMTP connections: accepted, refused at the total limit, or over a per-client limit")
        .tag("result", result)
        .register(registry);
  }
}
