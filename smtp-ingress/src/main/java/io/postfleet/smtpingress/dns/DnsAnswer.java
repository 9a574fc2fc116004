package io.postfleet.smtpingress.dns;

import java.util.List;
import org.xbill.DNS.Record;

/**
 * What one DNS question got. "Could not look up" ({@link Failed}) is kept apart from "does not
 * exist" ({@link NoSuchName}, {@link NoData}), so a check can answer a temporary error with 4xx and
 * only a clean negative with a verdict (RFC 8601 §2.7: temperror versus none or fail).
 */
public sealed interface DnsAnswer {

  /** The records of the asked type, CNAMEs already followed; never empty. */
  record Found(List<Record> records) implements DnsAnswer {
    public Found {
      records = List.copyOf(records);
    }
  }

  /** NXDOMAIN: the name does not exist. */
  record NoSuchName() implements DnsAnswer {}

  /** NOERROR without records of the asked type (RFC 2308 §2.2). */
  record NoData() implements DnsAnswer {}

  /** SERVFAIL, a timeout, an unreachable server: nothing is known. */
  record Failed(String reason) implements DnsAnswer {}

  default List<Record> records() {
    return this instanceof Found found ? found.records() : List.of();
  }

  default boolean failed() {
    return this instanceof Failed;
  }
}
