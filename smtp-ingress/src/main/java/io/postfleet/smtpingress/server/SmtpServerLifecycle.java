package io.postfleet.smtpingress.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.postfleet.contract.Topics;
import io.postfleet.maps.ClientMaps;
import io.postfleet.maps.RecipientMaps;
import io.postfleet.maps.content.LiveContentRules;
import io.postfleet.maps.network.NetworkList;
import io.postfleet.maps.policy.LivePolicy;
import io.postfleet.smtpingress.checks.DefaultSenderCheckers;
import io.postfleet.smtpingress.checks.SenderChecks;
import io.postfleet.smtpingress.command.SmtpServices;
import io.postfleet.smtpingress.config.IngressConfig;
import io.postfleet.smtpingress.content.HeaderBodyChecks;
import io.postfleet.smtpingress.dns.Dns;
import io.postfleet.smtpingress.metrics.IngressMetrics;
import io.postfleet.smtpingress.policy.RecipientPolicy;
import io.postfleet.smtpingress.policy.TrustedNetworks;
import io.postfleet.smtpingress.queue.HeaderRules;
import io.postfleet.smtpingress.queue.MessageAcceptor;
import io.postfleet.smtpingress.queue.MessagePublisher;
import io.postfleet.smtpingress.queue.QueueIdGenerator;
import io.postfleet.smtpingress.quota.FullMailboxes;
import io.postfleet.smtpingress.quota.MailboxFullCheck;
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
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/** Starts the SMTP listeners with the application and stops them, gracefully, before the beans go. */
@ApplicationScoped
public class SmtpServerLifecycle {
  private static final Logger LOG = Logger.getLogger(SmtpServerLifecycle.class);
  /** Room in a Kafka record for the envelope and the Received header besides the content. */
  private static final long RECORD_OVERHEAD = 512 * 1024;

  private final IngressConfig config;
  private final RecipientMaps recipientMaps;
  private final ClientMaps clientMaps;
  private final MessagePublisher publisher;
  private final MeterRegistry registry;
  private final LivePolicy policy;
  private final LiveContentRules contentRules;
  private final DataSource dataSource;
  private final FullMailboxes fullMailboxes;
  private volatile SmtpServer server;
  private volatile ScheduledExecutorService housekeeping;

  SmtpServerLifecycle(IngressConfig config, RecipientMaps recipientMaps, ClientMaps clientMaps,
      MessagePublisher publisher, MeterRegistry registry, LivePolicy policy, LiveContentRules contentRules,
      DataSource dataSource, FullMailboxes fullMailboxes) {
    this.config = config;
    this.recipientMaps = recipientMaps;
    this.clientMaps = clientMaps;
    this.publisher = publisher;
    this.registry = registry;
    this.policy = policy;
    this.contentRules = contentRules;
    this.dataSource = dataSource;
    this.fullMailboxes = fullMailboxes;
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
    SenderChecks checks = senderChecks(smtp, metrics, clock);
    SmtpServices services = new SmtpServices(settings, new RecipientPolicy(recipientMaps, trusted,
        new MailboxFullCheck(recipientMaps, fullMailboxes)), checks,
        clientMaps, TlsContextSources.fromConfig(smtp.tls()),
        new MessageAcceptor(publisher, checks, metrics, clock, smtp.hostname(),
            new HeaderRules(smtp.hopcountLimit(), smtp.addMissingHeaders()),
            () -> Optional.ofNullable(contentRules.current()), new HeaderBodyChecks(smtp.bodyChecksSizeLimit())),
        new QueueIdGenerator(clock), metrics);
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
    ScheduledExecutorService scheduler = housekeeping;
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  private SenderChecks senderChecks(IngressConfig.Smtp smtp, IngressMetrics metrics, Clock clock) {
    Dns dns = Dns.create(smtp.dnsServers(), smtp.dnsTimeout(), smtp.dnsAttempts());
    DefaultSenderCheckers checkers = new DefaultSenderCheckers(smtp.hostname(), dns, dataSource, clock,
        smtp.greylistTimeout());
    scheduleGreylistPurge(checkers);
    // A stage waits for a connect-time lookup no longer than the resolver would retry it.
    Duration lookupWait = smtp.dnsTimeout().multipliedBy(2L * Math.max(1, smtp.dnsAttempts())).plusSeconds(1);
    return new SenderChecks(checkers, () -> policy.loaded() ? Optional.of(policy.current()) : Optional.empty(),
        metrics, lookupWait);
  }

  /**
   * Forgets greylisting triplets unseen for the policy's maximum age, hourly, as postgrey's
   * --max-age does. Every pod may run it; a DELETE of the same old rows by two pods is harmless.
   */
  private void scheduleGreylistPurge(DefaultSenderCheckers checkers) {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "greylist-purge");
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        if (policy.loaded()) {
          long purged = checkers.purgeGreylist(policy.current().greylist());
          if (purged > 0) {
            LOG.infof("greylist: purged %d triplets older than the maximum age", purged);
          }
        }
      } catch (SQLException | RuntimeException e) {
        LOG.warnf("warning: greylist purge failed, retried in an hour: %s", e.getMessage());
      }
    }, 1, 60, TimeUnit.MINUTES);
    housekeeping = scheduler;
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
