package io.postfleet.queuemanager.settings;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The single row of main.cf-like settings that the maps carry to every service. */
@Entity
@Table(name = "maps_setting")
public class MapsSetting extends PanacheEntityBase {
  @Id
  public Integer id;

  /** Postfix's relayhost: the default next hop for remote mail; empty for direct MX delivery. */
  public String relayhost;

  /** Postfix's reject_sender_login_mismatch for authenticated clients. */
  @Column(name = "sender_login_match")
  public boolean senderLoginMatch;

  /** Where postmaster@ of our domains, the bare postmaster and double bounces go (RFC 5321 §4.5.1); empty for none. */
  public String postmaster;

  public static MapsSetting current() {
    return findById(1);
  }
}
