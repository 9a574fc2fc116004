package io.postfleet.smtpingress.checks.connect;

/** What the last self-test of a DNSBL zone found (RFC 5782 §5). */
public enum ZoneHealth {
  /** 127.0.0.2 listed and 127.0.0.1 not: the zone's answers are used. */
  WORKING,
  /** The zone lists everything, nothing, or refuses us: skipped until a later test passes. */
  BROKEN,
  /** A test lookup failed (a timeout): skipped, and tested again when next asked. */
  UNTESTED
}
