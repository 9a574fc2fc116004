package io.postfleet.outboundrelay.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
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

  /** SMTP client timeouts, named and defaulted as Postfix's {@code smtp_*_timeout}. */
  Timeouts timeout();

  /** How the delivery-job consumer works through its batches. */
  Consumer consumer();

  interface Timeouts {
    /** Connecting to one address (Postfix {@code smtp_connect_timeout}). */
    @WithDefault("30s")
    Duration connect();

    /** Waiting for the greeting and the EHLO/HELO reply ({@code smtp_helo_timeout}). */
    @WithDefault("300s")
    Duration helo();

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

  interface Consumer {
    /** Most delivery jobs taken from Kafka at once; the offsets are committed when all are done. */
    @WithDefault("50")
    int maxPollRecords();

    /** How many destinations of one batch are delivered to at the same time. */
    @WithDefault("8")
    int parallelism();
  }
}
