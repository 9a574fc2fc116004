package io.postfleet.smtpingress.conversation;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.postfleet.smtpingress.command.SmtpServices;
import io.postfleet.smtpingress.metrics.IngressMetrics;
import io.postfleet.smtpingress.policy.NetworkList;
import io.postfleet.smtpingress.policy.RecipientPolicy;
import io.postfleet.smtpingress.queue.MessageAcceptor;
import io.postfleet.smtpingress.queue.QueueIdGenerator;
import io.postfleet.smtpingress.server.ListenerSettings;
import io.postfleet.smtpingress.server.SmtpServer;
import io.postfleet.smtpingress.session.SessionSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The real SMTP server on 127.0.0.1 and a port of the system's choosing, with test doubles behind it. */
final class SmtpTestServer implements AutoCloseable {
  static final String HOSTNAME = "mx.postfleet.test";
  static final String LOCAL_DOMAIN = "mail.example.test";

  final FakeRecipientMaps maps = new FakeRecipientMaps(LOCAL_DOMAIN, "request");
  final RecordingPublisher publisher = new RecordingPublisher();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final SmtpServer server;

  private SmtpTestServer(Builder b) throws IOException {
    SessionSettings settings = new SessionSettings(HOSTNAME, b.timeout, 2048, b.sizeLimit,
        b.recipientLimit, b.errorLimit, false);
    IngressMetrics metrics = new IngressMetrics(registry);
    Clock clock = Clock.systemUTC();
    SmtpServices services = new SmtpServices(settings,
        new RecipientPolicy(maps, NetworkList.parse(b.trustedNetworks)),
        new MessageAcceptor(publisher, metrics, clock, HOSTNAME), new QueueIdGenerator(clock), metrics);
    server = new SmtpServer(new ListenerSettings(InetAddress.getLoopbackAddress(), 0,
        b.maxConnections, b.grace), services);
    server.start();
  }

  static Builder builder() {
    return new Builder();
  }

  static SmtpTestServer start() throws IOException {
    return builder().start();
  }

  SmtpTestClient connect() throws IOException {
    return new SmtpTestClient(server.port());
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
  }

  static final class Builder {
    private List<String> trustedNetworks = List.of("127.0.0.0/8", "::1/128");
    private long sizeLimit = 10 * 1024 * 1024;
    private int recipientLimit = 1000;
    private int errorLimit = 20;
    private int maxConnections = 10;
    private Duration timeout = Duration.ofSeconds(30);
    private Duration grace = Duration.ofSeconds(5);

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

    Builder timeout(Duration t) {
      this.timeout = t;
      return this;
    }

    Builder grace(Duration g) {
      this.grace = g;
      return this;
    }

    SmtpTestServer start() throws IOException {
      return new SmtpTestServer(this);
    }
  }
}
