package io.postfleet.smtpingress.conversation;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.postfleet.maps.RecipientMaps;
import io.postfleet.maps.content.ContentRules;
import io.postfleet.maps.network.NetworkList;
import io.postfleet.maps.policy.MailPolicy;
import io.postfleet.smtpingress.checks.DefaultSenderCheckers;
import io.postfleet.smtpingress.checks.PolicySource;
import io.postfleet.smtpingress.checks.SenderCheckers;
import io.postfleet.smtpingress.checks.SenderChecks;
import io.postfleet.smtpingress.command.SmtpServices;
import io.postfleet.smtpingress.content.ContentRulesSource;
import io.postfleet.smtpingress.content.HeaderBodyChecks;
import io.postfleet.smtpingress.dns.Dns;
import io.postfleet.smtpingress.metrics.IngressMetrics;
import io.postfleet.smtpingress.policy.RecipientPolicy;
import io.postfleet.smtpingress.policy.TrustedNetworks;
import io.postfleet.smtpingress.queue.HeaderRules;
import io.postfleet.smtpingress.queue.MessageAcceptor;
import io.postfleet.smtpingress.queue.QueueIdGenerator;
import io.postfleet.smtpingress.quota.FullMailboxes;
import io.postfleet.smtpingress.quota.MailboxFullCheck;
import io.postfleet.smtpingress.server.ListenerSettings;
import io.postfleet.smtpingress.server.ServerLimits;
import io.postfleet.smtpingress.server.SmtpServer;
import io.postfleet.smtpingress.session.ListenerRules;
import io.postfleet.smtpingress.session.SessionSettings;
import io.postfleet.smtpingress.tls.TlsContextSource;
import io.postfleet.testkit.TestDnsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The real SMTP server on 127.0.0.1 and ports of the system's choosing, with test doubles behind
 * it: an MX listener always, submission and submissions listeners when asked for.
 */
final class SmtpTestServer implements AutoCloseable {
  static final String HOSTNAME = "mx.postfleet.test";
  static final String LOCAL_DOMAIN = "mail.example.test";

  final FakeRecipientMaps maps = new FakeRecipientMaps(LOCAL_DOMAIN, "request");
  final FakeClientMaps clients = new FakeClientMaps();
  final RecordingPublisher publisher = new RecordingPublisher();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  /** The DNS the sender checks ask: the test writes the world's records here. */
  final TestDnsServer dns;
  private final SmtpServer server;

  private SmtpTestServer(Builder b) throws IOException {
    SessionSettings settings = new SessionSettings(HOSTNAME, b.timeout, b.minDataRate, 2048, b.sizeLimit,
        b.recipientLimit, b.errorLimit, false);
    IngressMetrics metrics = new IngressMetrics(registry);
    Clock clock = Clock.systemUTC();
    TrustedNetworks trusted = new TrustedNetworks(NetworkList.parse(b.trustedNetworks), clients);
    dns = TestDnsServer.start();
    SenderCheckers checkers = new DefaultSenderCheckers(HOSTNAME,
        Dns.create(Optional.of(List.of(dns.address())), Duration.ofSeconds(2), 1), null, clock,
        Duration.ofSeconds(2));
    SenderChecks checks = new SenderChecks(checkers, b.policy, metrics, Duration.ofSeconds(5));
    RecipientMaps recipients = b.recipientMaps == null ? maps : b.recipientMaps;
    MailboxFullCheck quota = b.fullMailboxes == null
        ? MailboxFullCheck.NONE
        : new MailboxFullCheck(recipients, b.fullMailboxes);
    SmtpServices services = new SmtpServices(settings, new RecipientPolicy(recipients, trusted, quota), checks,
        clients, b.tls,
        new MessageAcceptor(publisher, checks, metrics, clock, HOSTNAME, b.headerRules, b.contentRules,
            new HeaderBodyChecks(51200)),
        new QueueIdGenerator(clock),
        metrics);
    InetAddress loopback = InetAddress.getLoopbackAddress();
    List<ListenerSettings> listeners = new ArrayList<>();
    listeners.add(new ListenerSettings(loopback, 0, ListenerRules.mx(b.mxAuth), b.proxyProtocol));
    if (b.submission) {
      listeners.add(new ListenerSettings(loopback, 0, ListenerRules.submission(), b.proxyProtocol));
      listeners.add(new ListenerSettings(loopback, 0, ListenerRules.submissions(), b.proxyProtocol));
    }
    server = new SmtpServer(listeners, new ServerLimits(b.maxConnections, b.clientConnectionLimit,
        b.clientRateLimit, Duration.ofSeconds(60), Duration.ofSeconds(2), b.grace), services);
    server.start();
  }

  static Builder builder() {
    return new Builder();
  }

  static SmtpTestServer start() throws IOException {
    return builder().start();
  }

  /** Connects to the MX listener. */
  SmtpTestClient connect() throws IOException {
    return new SmtpTestClient(server.port("smtpd"));
  }

  /** Connects to the MX listener from another loopback address, outside the default trusted 127.0.0.1. */
  SmtpTestClient connectFrom(String localAddress) throws IOException {
    return SmtpTestClient.from(localAddress, server.port("smtpd"));
  }

  /** Connects to the named listener: smtpd, submission or submissions. */
  SmtpTestClient connect(String listener) throws IOException {
    return new SmtpTestClient(server.port(listener));
  }

  int port(String listener) {
    return server.port(listener);
  }

  SmtpServer server() {
    return server;
  }

  double counter(String name, String tagKey, String tagValue) {
    var counter = tagKey == null
        ? registry.find(name).counter()
        : registry.find(name).tag(tagKey, tagValue).counter();
    return counter == null ? 0 : counter.count();
  }

  @Override
  public void close() {
    server.stop();
    dns.close();
  }

  static final class Builder {
    private List<String> trustedNetworks = List.of("127.0.0.0/8", "::1/128");
    private long sizeLimit = 10 * 1024 * 1024;
    private int recipientLimit = 1000;
    private int errorLimit = 20;
    private int maxConnections = 10;
    private int clientConnectionLimit = 50;
    private int clientRateLimit;
    private int minDataRate = 500;
    private Duration timeout = Duration.ofSeconds(30);
    private Duration grace = Duration.ofSeconds(5);
    private TlsContextSource tls = TlsContextSource.NONE;
    private boolean submission;
    private boolean mxAuth;
    private boolean proxyProtocol;
    private PolicySource policy = PolicySource.fixed(MailPolicy.DEFAULT);
    private HeaderRules headerRules = HeaderRules.DEFAULT;
    private RecipientMaps recipientMaps;
    private FullMailboxes fullMailboxes;
    private ContentRulesSource contentRules = ContentRulesSource.fixed(ContentRules.NONE);

    Builder trustedNetworks(List<String> networks) {
      this.trustedNetworks = networks;
      return this;
    }

    Builder sizeLimit(long bytes) {
      this.sizeLimit = bytes;
      return this;
    }

    Builder recipientLimit(int limit) {
      this.recipientLimit = limit;
      return this;
    }

    Builder errorLimit(int limit) {
      this.errorLimit = limit;
      return this;
    }

    Builder maxConnections(int limit) {
      this.maxConnections = limit;
      return this;
    }

    Builder clientLimits(int connections, int ratePerMinute) {
      this.clientConnectionLimit = connections;
      this.clientRateLimit = ratePerMinute;
      return this;
    }

    Builder timeout(Duration t) {
      this.timeout = t;
      return this;
    }

    Builder minDataRate(int octetsPerSecond) {
      this.minDataRate = octetsPerSecond;
      return this;
    }

    Builder grace(Duration g) {
      this.grace = g;
      return this;
    }

    /** A certificate: STARTTLS on the MX port, and the submission and submissions listeners. */
    Builder tls(TlsContextSource source) {
      this.tls = source;
      this.submission = true;
      return this;
    }

    Builder mxAuth(boolean offered) {
      this.mxAuth = offered;
      return this;
    }

    /** Every listener expects a PROXY protocol header. */
    Builder proxyProtocol(boolean expected) {
      this.proxyProtocol = expected;
      return this;
    }

    /** The sender-check policy (the default one unless set). */
    Builder policy(PolicySource source) {
      this.policy = source;
      return this;
    }

    /** The hop limit and whose mail gets missing headers (Postfix's defaults unless set). */
    Builder headerRules(HeaderRules rules) {
      this.headerRules = rules;
      return this;
    }

    /** Real recipient maps (from PostgreSQL) instead of the fake ones. */
    Builder recipientMaps(RecipientMaps recipients) {
      this.recipientMaps = recipients;
      return this;
    }

    /** The full mailboxes that RCPT defers with 452 4.2.2 (none unless set). */
    Builder fullMailboxes(FullMailboxes full) {
      this.fullMailboxes = full;
      return this;
    }

    /** The header and body rules (none unless set). */
    Builder contentRules(ContentRulesSource rules) {
      this.contentRules = rules;
      return this;
    }

    SmtpTestServer start() throws IOException {
      return new SmtpTestServer(this);
    }
  }
}
