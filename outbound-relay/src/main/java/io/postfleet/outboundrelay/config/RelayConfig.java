package io.postfleet.outboundrelay.config;

import io.postfleet.kafka.RetryPolicy;
import io.postfleet.outboundrelay.smtp.TlsLevel;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything outbound-relay can be told, under {@code postfleet.relay}. */
@ConfigMapping(prefix = "postfleet.relay")
public interface RelayConfig {

  /** The name we give in EHLO/HELO (Postfix {@code smtp_helo_name}); set it to the public host name. */
  @WithDefault("localhost")
  String hostname();

  /** DNS servers to ask, as comma-separated {@code host:port}; absent means the system resolver. */
  Optional<List<String>> dnsServers();

  /** How long one DNS query waits for one server's answer. */
  @WithDefault("5s")
  Duration dnsTimeout();

  /** How many times each DNS server is asked before the lookup counts as failed (then deferred). */
  @WithDefault("2")
  int dnsAttempts();

  /** TCP port of MX hosts, and of {@code [host]} next hops given without a port. */
  @WithDefault("25")
  int smtpPort();

  /** Most addresses tried for one delivery, over all MX hosts (Postfix {@code smtp_mx_address_limit}). */
  @WithDefault("5")
  int addressLimit();

  /**
   * The addresses on which this system receives mail from outside, as MX records would name them
   * (Postfix's {@code inet_interfaces} and {@code proxy_interfaces}: in Kubernetes, smtp-ingress's
   * load balancer address). MX hosts at or above the preference of one of them are not tried, and
   * mail whose best MX is one of them bounces with 5.4.6 "loops back to myself". Absent: none.
   */
  Optional<List<String>> ownAddresses();

  /**
   * Most recipients in one mail transaction; a job with more is sent in several transactions
   * (Postfix {@code smtp_destination_recipient_limit}).
   */
  @WithDefault("50")
  int destinationRecipientLimit();

  /** SMTP client timeouts, named and defaulted as Postfix's {@code smtp_*_timeout}. */
  Timeouts timeout();

  /** STARTTLS for outgoing sessions. */
  Tls tls();

  /**
   * SMTP AUTH credentials per next hop, keyed as the next hop is written ({@code "[relay.test]:587"})
   * or by its host or domain (Postfix {@code smtp_sasl_password_maps}).
   */
  Map<String, Auth> auth();

  /** How many sessions run at once and how long they are kept for reuse. */
  Connections connections();

  /** DKIM signing with the keys managed through queue-manager's /api/v1/dkim-keys. */
  Dkim dkim();

  /** How the delivery-job consumer works through its batches. */
  Consumer consumer();

  /**
   * The Kafka consumers' handling of a record that fails: its tries before it is set aside on
   * postfleet.dead-letters, the pauses between them, and when a consumer whose oldest uncommitted
   * record waits longer is reported unready.
   */
  Consumers consumers();

  interface Timeouts {
    /** Connecting to one address (Postfix {@code smtp_connect_timeout}). */
    @WithDefault("30s")
    Duration connect();

    /** Waiting for the greeting and the EHLO/HELO reply ({@code smtp_helo_timeout}). */
    @WithDefault("300s")
    Duration helo();

    /** Waiting for the STARTTLS reply and the TLS handshake ({@code smtp_starttls_timeout}). */
    @WithDefault("300s")
    Duration starttls();

    /** Waiting for the RSET reply that checks a reused session ({@code smtp_rset_timeout}). */
    @WithDefault("20s")
    Duration rset();

    /** Waiting for the MAIL FROM reply ({@code smtp_mail_timeout}). */
    @WithDefault("300s")
    Duration mail();

    /** Waiting for each RCPT TO reply ({@code smtp_rcpt_timeout}). */
    @WithDefault("300s")
    Duration rcpt();

    /** Waiting for the DATA reply ({@code smtp_data_init_timeout}). */
    @WithDefault("120s")
    Duration dataInit();

    /** Any single write of message content that makes no progress ({@code smtp_data_xfer_timeout}). */
    @WithDefault("180s")
    Duration dataXfer();

    /** Waiting for the reply after the final dot ({@code smtp_data_done_timeout}). */
    @WithDefault("600s")
    Duration dataDone();
  }

  interface Tls {
    /** TLS for next hops without a policy of their own: none, may, encrypt or verify. */
    @WithDefault("may")
    TlsLevel defaultPolicy();

    /**
     * TLS per next hop ({@code "[relay.test]:587"}), domain ({@code example.com}) or parent domain
     * ({@code .example.com}): none, may (opportunistic), encrypt (required) or verify (required and
     * the certificate checked).
     */
    Map<String, TlsLevel> policy();

    /** PEM file of the CA certificates that level verify trusts; absent means the JDK's default ones. */
    Optional<Path> trustStore();
  }

  interface Auth {
    /** The user to authenticate as. */
    String username();

    /** The password, best given through an environment variable or a mounted secret. */
    String password();

    /** Whether the password may be sent without TLS (a next hop on a trusted network only). */
    @WithDefault("false")
    boolean allowPlaintext();
  }

  interface Dkim {
    /**
     * Base64 of the 32-byte key that opens stored private keys: the same Secret as queue-manager's
     * {@code postfleet.dkim.master-key}, which application.properties maps here.
     */
    Optional<String> masterKey();

    /** How often the maps change counter is polled for key changes. */
    @WithDefault("500ms")
    Duration refreshInterval();
  }

  interface Connections {
    /** Sessions to one next hop at the same time ({@code default_destination_concurrency_limit}). */
    @WithDefault("20")
    int destinationConcurrencyLimit();

    /** Sessions at the same time over all destinations ({@code default_process_limit}). */
    @WithDefault("100")
    int totalConcurrencyLimit();

    /** How long an idle session is kept for the next message ({@code smtp_connection_cache_time_limit}). */
    @WithDefault("2s")
    Duration idleTimeout();

    /** How long after opening a session may still be reused ({@code smtp_connection_reuse_time_limit}). */
    @WithDefault("300s")
    Duration maxAge();

    /** How many messages one session carries before it is closed. */
    @WithDefault("100")
    int maxMessages();
  }

  interface Consumer {
    /** Most delivery jobs taken from Kafka at once; the offsets are committed when all are done. */
    @WithDefault("50")
    int maxPollRecords();

    /**
     * How many jobs of one batch are delivered at the same time (the per-destination and total
     * connection limits still apply).
     */
    @WithDefault("20")
    int parallelism();
  }

  interface Consumers {
    /**
     * Tries of a record that makes its handler fail (not transiently) before it is set aside as a
     * dead letter; Postfix moves an unreadable queue file to corrupt/ at the first failure.
     */
    @WithDefault("5")
    int maxAttempts();

    /** Pause after a record's first failure, doubled after each next one (Postfix's minimal_backoff_time, for a record). */
    @WithDefault("1s")
    Duration firstRetryPause();

    /** Longest pause between two tries of a failing record (Postfix's maximal_backoff_time, for a record). */
    @WithDefault("30s")
    Duration maxRetryPause();

    /**
     * Readiness goes down while the consumer's oldest uncommitted record waits longer than this; longer
     * than elsewhere, since one SMTP delivery may take minutes (smtp_data_done_timeout is 600s). The
     * nearest in Postfix is daemon_timeout, after which a daemon stuck on one request is killed.
     */
    @WithDefault("30m")
    Duration stuckAfter();

    /** The tries and pauses as a consumer loop takes them. */
    static RetryPolicy retries(Consumers consumers) {
      return new RetryPolicy(consumers.maxAttempts(), consumers.firstRetryPause(), consumers.maxRetryPause());
    }
  }
}
