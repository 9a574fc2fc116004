package io.postfleet.queuemanager.transport;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A transport(5) entry: an address, domain or {@code .parent} domain and where its mail goes. */
@Entity
@Table(name = "transport")
public class TransportEntry extends PanacheEntityBase {
  /** The same kinds as the maps' {@code Transport.Kind}; stored by name. */
  public enum Kind {
    LOCAL,
    SMTP,
    ERROR,
    PIPE
  }

  @Id
  public String pattern;

  @Enumerated(EnumType.STRING)
  public Kind kind;

  public String nexthop;

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;
}
