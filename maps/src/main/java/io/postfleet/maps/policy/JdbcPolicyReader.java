package io.postfleet.maps.policy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the policy tables of queue-manager's migration V10 inside the transaction that a
 * {@link io.postfleet.maps.LiveSnapshot} opens. What no row says stays as {@link MailPolicy#DEFAULT}
 * has it: no settings row keeps the default settings, a missing listener mode the default mode.
 * The tables' CHECK constraints hold only the enum names this reader maps back.
 */
public final class JdbcPolicyReader {
  private JdbcPolicyReader() {}

  public static MailPolicy read(Connection c, long version) throws SQLException {
    try (Statement s = c.createStatement()) {
      MailPolicy base = MailPolicy.DEFAULT;
      DnsblPolicy dnsbl = base.dnsbl();
      GreylistPolicy greylist = base.greylist();
      DkimLengthTag lengthTag = base.dkimLengthTag();
      ReplyTexts texts = base.texts();
      List<String> zones = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("select zone from policy_dnsbl_zone order by position")) {
        while (rs.next()) {
          zones.add(rs.getString(1));
        }
      }
      try (ResultSet rs = s.executeQuery("""
          select dnsbl_threshold, dnsbl_action, greylist_delay_ms, greylist_retry_window_ms,
                 greylist_auto_allowlist_after, greylist_max_age_ms, dkim_length_tag,
                 text_dnsbl, text_iprev, text_spf, text_dmarc, text_greylist
          from mail_policy where id = 1""")) {
        if (rs.next()) {
          dnsbl = new DnsblPolicy(zones, rs.getInt(1), DnsblAction.valueOf(rs.getString(2)));
          greylist = new GreylistPolicy(Duration.ofMillis(rs.getLong(3)), Duration.ofMillis(rs.getLong(4)),
              rs.getInt(5), Duration.ofMillis(rs.getLong(6)));
          lengthTag = DkimLengthTag.valueOf(rs.getString(7));
          texts = new ReplyTexts(rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
              rs.getString(12));
        } else {
          dnsbl = new DnsblPolicy(zones, dnsbl.threshold(), dnsbl.action());
        }
      }
      return new MailPolicy(listeners(s, base), domains(s), dnsbl, greylist, lengthTag, texts);
    }
  }

  private static Map<PolicyListener, CheckModes> listeners(Statement s, MailPolicy base) throws SQLException {
    Map<PolicyListener, Map<Check, CheckMode>> overrides = new EnumMap<>(PolicyListener.class);
    try (ResultSet rs = s.executeQuery("select listener, check_name, mode from policy_listener_mode")) {
      while (rs.next()) {
        overrides.computeIfAbsent(PolicyListener.valueOf(rs.getString(1)), l -> new EnumMap<>(Check.class))
            .put(Check.valueOf(rs.getString(2)), CheckMode.valueOf(rs.getString(3)));
      }
    }
    Map<PolicyListener, CheckModes> listeners = new EnumMap<>(PolicyListener.class);
    for (PolicyListener listener : PolicyListener.values()) {
      listeners.put(listener, base.modes(listener).with(overrides.getOrDefault(listener, Map.of())));
    }
    return listeners;
  }

  private static Map<String, DomainPolicy> domains(Statement s) throws SQLException {
    Map<String, Map<Check, CheckMode>> modes = new HashMap<>();
    try (ResultSet rs = s.executeQuery("select domain, check_name, mode from policy_domain_mode")) {
      while (rs.next()) {
        modes.computeIfAbsent(rs.getString(1), d -> new EnumMap<>(Check.class))
            .put(Check.valueOf(rs.getString(2)), CheckMode.valueOf(rs.getString(3)));
      }
    }
    Map<String, DomainPolicy> domains = new LinkedHashMap<>();
    try (ResultSet rs = s.executeQuery("select domain, quarantine from policy_domain order by domain")) {
      while (rs.next()) {
        String domain = rs.getString(1);
        domains.put(domain, new DomainPolicy(domain, modes.getOrDefault(domain, Map.of()),
            QuarantineTarget.valueOf(rs.getString(2))));
      }
    }
    return domains;
  }
}
