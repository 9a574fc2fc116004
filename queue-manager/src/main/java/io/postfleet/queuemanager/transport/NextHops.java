package io.postfleet.queuemanager.transport;

import io.postfleet.contract.PipeCommand;
import io.postfleet.queuemanager.admin.ApiProblem;
import io.postfleet.queuemanager.admin.Names;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Validates transport keys and values in the forms Postfix's transport(5) and relayhost use. */
public final class NextHops {
  private static final Pattern SMTP = Pattern.compile("(\\[([^\\]]+)\\]|([^\\[\\]:]+))(:(\\d{1,5}))?");
  private static final Pattern ERROR = Pattern.compile("([45]\\.\\d{1,3}\\.\\d{1,3})(\\s+.+)?|[^0-9].*");

  private NextHops() {}

  /** {@code user@domain}, {@code domain} or {@code .domain}, normalised. */
  public static String pattern(String raw) {
    if (raw == null || raw.isBlank()) {
      throw ApiProblem.invalid("a transport needs a pattern: an address, a domain or .domain");
    }
    String p = raw.trim();
    if (p.contains("@")) {
      return Names.address(p);
    }
    return p.startsWith(".") ? "." + Names.domain(p.substring(1)) : Names.domain(p);
  }

  /**
   * An SMTP next hop: {@code [host]:port} or {@code [host]} (no MX lookup) or {@code host} /
   * {@code host:port} (MX lookup of host); empty means the recipient's own domain.
   */
  public static String smtp(String raw) {
    if (raw == null || raw.isBlank()) {
      return "";
    }
    Matcher m = SMTP.matcher(raw.trim());
    if (!m.matches()) {
      throw ApiProblem.invalid("'" + raw + "' is not a next hop ([host]:port, [host] or host)");
    }
    String host = m.group(2) != null ? m.group(2) : m.group(3);
    String normalised = host.matches("[0-9.]+|.*:.*") ? host : Names.domain(host);
    if (m.group(5) != null) {
      int port = Integer.parseInt(m.group(5));
      if (port < 1 || port > 65535) {
        throw ApiProblem.invalid("port " + port + " is out of range");
      }
    }
    return (m.group(2) != null ? "[" + normalised + "]" : normalised) + (m.group(4) == null ? "" : m.group(4));
  }

  /** An error transport's reply: an optional 4.x.x/5.x.x status, then text. */
  public static String error(String raw) {
    if (raw == null || raw.isBlank() || !ERROR.matcher(raw.trim()).matches()) {
      throw ApiProblem.invalid("an error transport needs a reply: '5.7.1 text', '4.3.0 text' or text");
    }
    return raw.trim();
  }

  /**
   * A pipe(8) command: an absolute program path, then arguments with macros; stored as given, so
   * the administrator reads back what was written.
   */
  public static String pipe(String raw) {
    try {
      PipeCommand.parse(raw);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalid(e.getMessage());
    }
    return raw.trim();
  }

  public static String of(TransportEntry.Kind kind, String nexthop) {
    return switch (kind) {
      case SMTP -> smtp(nexthop);
      case ERROR -> error(nexthop);
      case PIPE -> pipe(nexthop);
      case LOCAL -> {
        if (nexthop != null && !nexthop.isBlank()) {
          throw ApiProblem.invalid("a LOCAL transport takes no next hop");
        }
        yield "";
      }
    };
  }
}
