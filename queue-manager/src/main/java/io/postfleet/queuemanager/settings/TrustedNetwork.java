package io.postfleet.queuemanager.settings;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One network of mynetworks: clients in it may relay. */
@Entity
@Table(name = "trusted_network")
public class TrustedNetwork extends PanacheEntityBase {
  @Id
  public String cidr;
}
