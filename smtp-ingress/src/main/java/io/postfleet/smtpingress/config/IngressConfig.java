package io.postfleet.smtpingress.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** The configuration of smtp-ingress; Postfix's names for the same knobs are given in brackets. */
@ConfigMapping(prefix = "postfleet")
public interface IngressConfig {

  /** The SMTP listener and sessions. */
  Smtp smtp();

  /** The recipient maps read from PostgreSQL. */
  Maps maps();

  interface Smtp {
    /** TCP port of the SMTP listener. */
    @WithDefault("2525")
    int port();

    /** Address the listener binds to; 0.0.0.0 for every IPv4 interface (inet_interfaces). */
    @WithDefault("0.0.0.0")
    String bindAddress();

    /** Our host name in the greeting, EHLO reply and Received header (myhostname). */
    @WithDefault("${HOSTNAME:localhost}")
    String hostname();

    /** CIDR blocks whose clients may relay to other domains (mynetworks). */
    @WithDefault("127.0.0.0/8,::1/128")
    List<String> trustedNetworks();

    /** Concurrent sessions; more get 421 and are closed (default_process_limit). */
    @WithDefault("100")
    int maxConnections();

    /** How long to wait for the client's next command or data (smtpd_timeout). */
    @WithDefault("300s")
    Duration timeout();

    /** Longest command line in bytes, without CRLF (line_length_limit). */
    @WithDefault("2048")
    int lineLengthLimit();

    /** Largest message content in bytes (message_size_limit); must fit a Kafka record. */
    @WithDefault("10485760")
    long messageSizeLimit();

    /** Most recipients per message (smtpd_recipient_limit). */
    @WithDefault("1000")
    int recipientLimit();

    /** Errors after which a client is disconnected (smtpd_hard_error_limit). */
    @WithDefault("20")
    int hardErrorLimit();

    /** Whether to look clients up in reverse DNS for logs and Received (smtpd_peername_lookup). */
    @WithDefault("true")
    boolean peernameLookup();

    /** How long to wait for Kafka's acknowledgement before answering 451. */
    @WithDefault("30s")
    Duration publishTimeout();

    /** At shutdown, how long open mail transactions may take to finish before 421. */
    @WithDefault("10s")
    Duration shutdownGrace();
  }

  interface Maps {
    /** How often the in-memory recipient maps are reloaded from PostgreSQL. */
    @WithDefault("500ms")
    Duration refreshInterval();
  }
}
