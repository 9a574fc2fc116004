package io.postfleet.queuemanager.alias;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An aliases(5) / virtual(5) entry: one address (or the {@code @domain} catch-all) to many targets. */
@Entity
public class Alias extends PanacheEntityBase {
  @Id
  public String address;

  public String domain;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "alias_target", joinColumns = @JoinColumn(name = "alias_address"))
  @OrderColumn(name = "position")
  @Column(name = "target")
  public List<String> targets = new ArrayList<>();

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;
}
