package io.postfleet.smtpingress.config;

import io.postfleet.smtpingress.queue.MissingHeaders;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The configuration of smtp-ingress; Postfix's names for the same knobs are given in brackets. */
@ConfigMapping(prefix = "postfleet")
public interface IngressConfig {

  /** The SMTP listeners and sessions. */
  Smtp smtp();

  /** The recipient maps read from PostgreSQL. */
  Maps maps();

  /** Refusing RCPT for mailboxes over their quota. */
  Quota quota();

  interface Smtp {
    /** TCP port of the MX listener (smtpd on port 25; a Kubernetes Service maps 25 to it). */
    @WithDefault("2525")
    int port();

    /** Whether connections to the MX port start with a PROXY protocol header (smtpd_upstream_proxy_protocol). */
    @WithDefault("false")
    boolean proxyProtocol();

    /** Whether the MX port offers AUTH after STARTTLS (smtpd_sasl_auth_enable on port 25). */
    @WithDefault("false")
    boolean authEnabled();

    /** The submission listener (port 587, RFC 6409): STARTTLS, then AUTH, then mail. */
    Submission submission();

    /** The submissions listener (port 465, RFC 8314): implicit TLS, then AUTH, then mail. */
    Submissions submissions();

    /** The certificate for STARTTLS and implicit TLS. */
    Tls tls();

    /** Address the listeners bind to; 0.0.0.0 for every IPv4 interface (inet_interfaces). */
    @WithDefault("0.0.0.0")
    String bindAddress();

    /** Our host name in the greeting, EHLO reply and Received header (myhostname). */
    @WithDefault("${HOSTNAME:localhost}")
    String hostname();

    /** CIDR blocks whose clients may relay to other domains, besides those in the database (mynetworks). */
    @WithDefault("127.0.0.0/8,::1/128")
    List<String> trustedNetworks();

    /** Concurrent sessions over all listeners; more get 421 and are closed (default_process_limit). */
    @WithDefault("100")
    int maxConnections();

    /** Concurrent sessions per client address, 0 for none (smtpd_client_connection_count_limit). */
    @WithDefault("50")
    int clientConnectionCountLimit();

    /** Connections per client address per rate time unit, 0 for none (smtpd_client_connection_rate_limit). */
    @WithDefault("0")
    int clientConnectionRateLimit();

    /** The time unit of the connection rate limit (anvil_rate_time_unit). */
    @WithDefault("60s")
    Duration clientConnectionRateTimeUnit();

    /** How long a command may take to arrive whole, or message content may stall (smtpd_timeout). */
    @WithDefault("300s")
    Duration timeout();

    /** Octets per second of message content that earn more time than the timeout (smtpd_min_data_rate). */
    @WithDefault("500")
    int minDataRate();

    /** How long a PROXY protocol header may take to arrive (smtpd_upstream_proxy_timeout). */
    @WithDefault("5s")
    Duration proxyTimeout();

    /** Longest command line in bytes, without CRLF (line_length_limit). */
    @WithDefault("2048")
    int lineLengthLimit();

    /** Largest message content in bytes (message_size_limit); must fit a Kafka record. */
    @WithDefault("10485760")
    long messageSizeLimit();

    /** Most Received: and Delivered-To: fields a message may carry before it is refused as a loop (hopcount_limit). */
    @WithDefault("50")
    int hopcountLimit();

    /** Bytes of each body segment that the body rules inspect (body_checks_size_limit). */
    @WithDefault("51200")
    int bodyChecksSizeLimit();

    /**
     * Whose mail gets Date:, Message-ID: and From: when it lacks them: {@code local} (trusted networks
     * and authenticated clients, local_header_rewrite_clients), {@code always}
     * (always_add_missing_headers=yes) or {@code never}.
     */
    @WithDefault("local")
    MissingHeaders.Mode addMissingHeaders();

    /** Most recipients per message (smtpd_recipient_limit). */
    @WithDefault("1000")
    int recipientLimit();

    /** Errors after which a client is disconnected (smtpd_hard_error_limit). */
    @WithDefault("20")
    int hardErrorLimit();

    /** Whether to look clients up in reverse DNS for logs and Received (smtpd_peername_lookup). */
    @WithDefault("true")
    boolean peernameLookup();

    /**
     * DNS servers the sender checks ask, {@code host[:port]} comma-separated
     * ({@code POSTFLEET_SMTP_DNS_SERVERS}); the system's resolvers when unset.
     */
    Optional<List<String>> dnsServers();

    /** How long one DNS server gets for one query. */
    @WithDefault("5s")
    Duration dnsTimeout();

    /** How many times each DNS server is asked before a lookup counts as failed. */
    @WithDefault("2")
    int dnsAttempts();

    /** How long greylisting may wait for PostgreSQL before it lets the recipient pass (fails open). */
    @WithDefault("2s")
    Duration greylistTimeout();

    /** How long to wait for Kafka's acknowledgement before answering 451. */
    @WithDefault("30s")
    Duration publishTimeout();

    /** At shutdown, how long open mail transactions may take to finish before 421. */
    @WithDefault("10s")
    Duration shutdownGrace();
  }

  interface Submission {
    /** Whether the submission listener runs; it needs a TLS certificate. */
    @WithDefault("false")
    boolean enabled();

    /**
     * Its TCP port; unprivileged like 2525 so the service runs as non-root, with the Service (or a
     * firewall) mapping 587 to it.
     */
    @WithDefault("2587")
    int port();

    /** Whether its connections start with a PROXY protocol header. */
    @WithDefault("false")
    boolean proxyProtocol();
  }

  interface Submissions {
    /** Whether the implicit-TLS submissions listener runs; it needs a TLS certificate. */
    @WithDefault("false")
    boolean enabled();

    /** Its TCP port; unprivileged, with the Service (or a firewall) mapping 465 to it. */
    @WithDefault("2465")
    int port();

    /** Whether its connections start with a PROXY protocol header (sent before the TLS handshake). */
    @WithDefault("false")
    boolean proxyProtocol();
  }

  interface Tls {
    /** PEM certificate chain, leaf first, e.g. a TLS Secret's tls.crt (smtpd_tls_cert_file); none: no TLS. */
    Optional<Path> certFile();

    /** PEM private key (PKCS#8, PKCS#1 or SEC1), e.g. tls.key (smtpd_tls_key_file). */
    Optional<Path> keyFile();

    /** How often, at most, the files' modification times are checked for a renewed certificate. */
    @WithDefault("5s")
    Duration reloadCheckInterval();
  }

  interface Maps {
    /** How often the in-memory recipient maps are reloaded from PostgreSQL. */
    @WithDefault("500ms")
    Duration refreshInterval();
  }

  interface Quota {
    /**
     * How often the set of full mailboxes is read from mailbox_usage (what Dovecot's quota-status
     * policy service answers per RCPT, read here in bulk so no RCPT waits on the database).
     */
    @WithDefault("5s")
    Duration refreshInterval();

    /**
     * How long a "full" count is believed: a mailbox its owner has since emptied gets no delivery
     * that would count it again, so after this long one message is let through to recount it.
     */
    @WithDefault("15m")
    Duration fullVerdictMaxAge();
  }
}
