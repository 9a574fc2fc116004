package io.postfleet.smtpingress.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.postfleet.contract.Topics;
import io.postfleet.maps.ClientMaps;
import io.postfleet.maps.RecipientMaps;
import io.postfleet.smtpingress.command.SmtpServices;
import io.postfleet.smtpingress.config.IngressConfig;
import io.postfleet.smtpingress.metrics.IngressMetrics;
import io.postfleet.smtpingress.policy.NetworkList;
import io.postfleet.smtpingress.policy.RecipientPolicy;
import io.postfleet.smtpingress.policy.TrustedNetworks;
import io.postfleet.smtpingress.queue.MessageAcceptor;
import io.postfleet.smtpingress.queue.MessagePublisher;
import io.postfleet.smtpingress.queue.QueueIdGenerator;
import io.postfleet.smtpingress.session.ListenerRules;
import io.postfleet.smtpingress.session.SessionSettings;
import io.postfleet.smtpingress.tls.TlsContextSources;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Starts the SMTP listeners with the application and stops them, gracefully, before the beans go. */
@ApplicationScoped
public class SmtpServerLifecycle {
  /** Room in a Kafka record for the envelope and the Received header besides the content. */
  private static final long RECORD_OVERHEAD = 512 * 1024;

  private final IngressConfig config;
  private final RecipientMaps recipientMaps;
  private final ClientMaps clientMaps;
  private final MessagePublisher publisher;
  private final MeterRegistry registry;
  private volatile SmtpServer server;

  SmtpServerLifecycle(IngressConfig config, RecipientMaps recipientMaps, ClientMaps clientMaps,
      MessagePublisher publisher, MeterRegistry registry) {
    this.config = config;
    this.recipientMaps = recipientMaps;
    this.clientMaps = clientMaps;
    this.publisher = publisher;
    this.registry = registry;
  }

  void onStart(@Observes StartupEvent event) {
    IngressConfig.Smtp smtp = config.smtp();
    if (smtp.messageSizeLimit() > Topics.MAX_RECORD_BYTES - RECORD_OVERHEAD) {
      // Bigger messages would be refused by Kafka after DATA, forever: refuse to start instead.
      throw new IllegalStateException("postfleet.smtp.message-size-limit " + smtp.messageSizeLimit()
          + " does not fit a Kafka record of " + Topics.MAX_RECORD_BYTES + " bytes");
    }
    SessionSettings settings = new SessionSettings(smtp.hostname(), smtp.timeout(), smtp.minDataRate(),
        smtp.lineLengthLimit(), smtp.messageSizeLimit(), smtp.recipientLimit(), smtp.hardErrorLimit(),
        smtp.peernameLookup());
    IngressMetrics metrics = new IngressMetrics(registry);
    Clock clock = Clock.systemDefaultZone();
    TrustedNetworks trusted = new TrustedNetworks(NetworkList.parse(smtp.trustedNetworks()), clientMaps);
    SmtpServices services = new SmtpServices(settings, new RecipientPolicy(recipientMaps, trusted),
        clientMaps, TlsContextSources.fromConfig(smtp.tls()),
        new MessageAcceptor(publisher, metrics, clock, smtp.hostname()), new QueueIdGenerator(clock), metrics);
    SmtpServer started = new SmtpServer(listeners(smtp, services.tls().configured()),
        new ServerLimits(smtp.maxConnections(), smtp.clientConnectionCountLimit(),
            smtp.clientConnectionRateLimit(), smtp.clientConnectionRateTimeUnit(), smtp.proxyTimeout(),
            smtp.shutdownGrace()),
        services);
    try {
      started.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on the SMTP ports", e);
    }
    server = started;
  }

  void onStop(@Observes ShutdownEvent event) {
    SmtpServer running = server;
    if (running != null) {
      running.stop();
    }
  }

  /** Whether the listeners are accepting connections (for the readiness check). */
  public boolean listening() {
    SmtpServer running = server;
    return running != null && running.listening();
  }

  private static List<ListenerSettings> listeners(IngressConfig.Smtp smtp, boolean tls) {
    InetAddress bind = bindAddress(smtp.bindAddress());
    List<ListenerSettings> listeners = new ArrayList<>();
    listeners.add(new ListenerSettings(bind, smtp.port(), ListenerRules.mx(smtp.authEnabled()),
        smtp.proxyProtocol()));
    if (smtp.submission().enabled()) {
      requireTls(tls, "postfleet.smtp.submission.enabled");
      listeners.add(new ListenerSettings(bind, smtp.submission().port(), ListenerRules.submission(),
          smtp.submission().proxyProtocol()));
    }
    if (smtp.submissions().enabled()) {
      requireTls(tls, "postfleet.smtp.submissions.enabled");
      listeners.add(new ListenerSettings(bind, smtp.submissions().port(), ListenerRules.submissions(),
          smtp.submissions().proxyProtocol()));
    }
    return listeners;
  }

  /** A submission port without a certificate could never authenticate anyone: refuse to start. */
  private static void requireTls(boolean tls, String key) {
    if (!tls) {
      throw new IllegalStateException(key + " needs postfleet.smtp.tls.cert-file and key-file");
    }
  }

  private static InetAddress bindAddress(String address) {
    try {
      return InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("postfleet.smtp.bind-address: unknown host " + address, e);
    }
  }
}
