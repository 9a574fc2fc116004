package io.postfleet.outboundrelay.delivery;

import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.outboundrelay.route.DnsTargetResolver;
import io.postfleet.outboundrelay.smtp.ConnectionLimits;
import io.postfleet.outboundrelay.smtp.Credentials;
import io.postfleet.outboundrelay.smtp.DestinationPolicies;
import io.postfleet.outboundrelay.smtp.SmtpClient;
import io.postfleet.outboundrelay.smtp.SmtpTimeouts;
import io.postfleet.outboundrelay.smtp.TlsContexts;
import io.postfleet.outboundrelay.smtp.TlsLevel;
import io.postfleet.testkit.TestDnsServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A relay wired as in production, pointed at a {@link TestDnsServer} and a test SMTP port, with the
 * policies and limits a test sets; and the jobs and one-line views of results that tests compare.
 */
final class TestRelay implements AutoCloseable {
  static final String CONTENT = "From: info@mail.example.test\r\nTo: a@outside.test\r\nSubject: test\r\n"
      + "\r\nHello.\r\n";

  private final TestDnsServer dns;
  private final int smtpPort;
  private final Map<String, TlsLevel> tls = new HashMap<>();
  private final Map<String, Credentials> auth = new HashMap<>();
  private Optional<Path> trustStore = Optional.empty();
  private ConnectionLimits limits = ConnectionLimits.defaults();
  private SmtpTimeouts timeouts = SmtpTimeouts.all(Duration.ofSeconds(3));
  private MessageSigning signing = MessageSigning.NONE;
  private int recipientLimit = 50;
  private RelayDelivery delivery;
  private SmtpClient client;

  TestRelay(TestDnsServer dns, int smtpPort) {
    this.dns = dns;
    this.smtpPort = smtpPort;
  }

  TestRelay tls(String nextHop, TlsLevel level) {
    tls.put(nextHop, level);
    return this;
  }

  TestRelay trustStore(Path pem) {
    trustStore = Optional.of(pem);
    return this;
  }

  TestRelay auth(String nextHop, Credentials credentials) {
    auth.put(nextHop, credentials);
    return this;
  }

  TestRelay limits(ConnectionLimits limits) {
    this.limits = limits;
    return this;
  }

  TestRelay timeouts(SmtpTimeouts timeouts) {
    this.timeouts = timeouts;
    return this;
  }

  TestRelay recipientLimit(int limit) {
    this.recipientLimit = limit;
    return this;
  }

  TestRelay signing(MessageSigning signing) {
    this.signing = signing;
    return this;
  }

  List<DeliveryResult> deliver(RelayDeliveryJob job) {
    return delivery().deliver(job, Instant.now());
  }

  private synchronized RelayDelivery delivery() {
    if (delivery == null) {
      client = new SmtpClient("relay.test", timeouts, TlsContexts.create(trustStore), limits);
      delivery = new RelayDelivery(
          DnsTargetResolver.create(Optional.of(List.of(dns.address())), Duration.ofMillis(500), 1, 5),
          client, new OutcomeRules(), new DestinationPolicies(TlsLevel.MAY, tls, auth), signing, smtpPort,
          recipientLimit);
    }
    return delivery;
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
    }
  }

  static RelayDeliveryJob job(String nextHop, String... recipients) {
    return job(nextHop, EsmtpOptions.NONE, CONTENT.getBytes(StandardCharsets.UTF_8), recipients);
  }

  static RelayDeliveryJob job(String nextHop, EsmtpOptions options, byte[] content, String... recipients) {
    List<RelayDeliveryJob.Recipient> list = new ArrayList<>();
    for (String r : recipients) {
      list.add(new RelayDeliveryJob.Recipient(r, r));
    }
    return new RelayDeliveryJob("4F00D", "info@mail.example.test", nextHop, list, options, Instant.EPOCH, 0, content);
  }

  /** {@code stage: status dsn (detail)} per recipient. */
  static List<String> show(List<DeliveryResult> results) {
    return results.stream().map(r -> r.facts().stage() + ": " + r.outcome().statusWord() + " "
        + r.outcome().dsnStatus() + " (" + r.outcome().detail() + ")").collect(Collectors.toList());
  }
}
