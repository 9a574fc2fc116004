package io.postfleet.queuemanager.policy;

import io.agroal.api.AgroalDataSource;
import io.postfleet.maps.policy.Check;
import io.postfleet.maps.policy.CheckMode;
import io.postfleet.maps.policy.DomainPolicy;
import io.postfleet.maps.policy.JdbcPolicyReader;
import io.postfleet.maps.policy.MailPolicy;
import io.postfleet.maps.policy.PolicyListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * The policy tables of migration V10, read with the very reader smtp-ingress uses (so the API
 * shows what the pods apply) and written whole, inside the caller's transaction.
 */
@ApplicationScoped
public class PolicyTables {
  /** An arbitrary constant naming "the policy writer" among advisory locks. */
  private static final long POLICY_LOCK = 0x706f6c696379L;
  private final AgroalDataSource dataSource;

  public PolicyTables(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  public MailPolicy read() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return JdbcPolicyReader.read(c, 0);
    }
  }

  /** Serialises the writers of the policy until the transaction ends; readers are not blocked. */
  public void lock() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
      s.setLong(1, POLICY_LOCK);
      s.execute();
    }
  }

  /** Replaces every row: the settings, all listener modes, the zones and the domains. */
  public void replace(MailPolicy p) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      try (Statement s = c.createStatement()) {
        s.executeUpdate("delete from policy_listener_mode");
        s.executeUpdate("delete from policy_dnsbl_zone");
        s.executeUpdate("delete from policy_domain");
        s.executeUpdate("delete from mail_policy");
      }
      try (PreparedStatement insert = c.prepareStatement("""
          insert into mail_policy (id, dnsbl_threshold, dnsbl_action, greylist_delay_ms, greylist_retry_window_ms,
                                   greylist_auto_allowlist_after, greylist_max_age_ms, dkim_length_tag,
                                   text_dnsbl, text_iprev, text_spf, text_dmarc, text_greylist)
          values (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
        insert.setInt(1, p.dnsbl().threshold());
        insert.setString(2, p.dnsbl().action().name());
        insert.setLong(3, p.greylist().delay().toMillis());
        insert.setLong(4, p.greylist().retryWindow().toMillis());
        insert.setInt(5, p.greylist().autoAllowlistAfter());
        insert.setLong(6, p.greylist().maxAge().toMillis());
        insert.setString(7, p.dkimLengthTag().name());
        List<String> texts = List.of(p.texts().dnsbl(), p.texts().iprev(), p.texts().spf(), p.texts().dmarc(),
            p.texts().greylist());
        for (int i = 0; i < texts.size(); i++) {
          insert.setString(8 + i, texts.get(i));
        }
        insert.executeUpdate();
      }
      try (PreparedStatement insert = c.prepareStatement(
          "insert into policy_listener_mode (listener, check_name, mode) values (?, ?, ?)")) {
        for (PolicyListener listener : PolicyListener.values()) {
          for (Map.Entry<Check, CheckMode> e : p.modes(listener).asMap().entrySet()) {
            insert.setString(1, listener.name());
            insert.setString(2, e.getKey().name());
            insert.setString(3, e.getValue().name());
            insert.addBatch();
          }
        }
        insert.executeBatch();
      }
      try (PreparedStatement insert = c.prepareStatement(
          "insert into policy_dnsbl_zone (position, zone) values (?, ?)")) {
        List<String> zones = p.dnsbl().zones();
        for (int i = 0; i < zones.size(); i++) {
          insert.setInt(1, i);
          insert.setString(2, zones.get(i));
          insert.addBatch();
        }
        insert.executeBatch();
      }
      for (DomainPolicy domain : p.domains().values()) {
        insertDomain(c, domain);
      }
    }
  }

  /** Creates or replaces one domain's overrides. */
  public void putDomain(DomainPolicy domain) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      delete(c, domain.domain());
      insertDomain(c, domain);
    }
  }

  /** @return whether the domain had overrides */
  public boolean deleteDomain(String domain) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return delete(c, domain);
    }
  }

  private static boolean delete(Connection c, String domain) throws SQLException {
    try (PreparedStatement delete = c.prepareStatement("delete from policy_domain where domain = ?")) {
      delete.setString(1, domain);
      return delete.executeUpdate() > 0;
    }
  }

  private static void insertDomain(Connection c, DomainPolicy domain) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement(
        "insert into policy_domain (domain, quarantine) values (?, ?)")) {
      insert.setString(1, domain.domain());
      insert.setString(2, domain.quarantine().name());
      insert.executeUpdate();
    }
    try (PreparedStatement insert = c.prepareStatement(
        "insert into policy_domain_mode (domain, check_name, mode) values (?, ?, ?)")) {
      for (Map.Entry<Check, CheckMode> e : domain.modes().entrySet()) {
        insert.setString(1, domain.domain());
        insert.setString(2, e.getKey().name());
        insert.setString(3, e.getValue().name());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }
}
