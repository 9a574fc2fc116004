package io.postfleet.queuemanager.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One change made through the admin API, with the resource as it was before and after. */
@Entity
@Table(name = "audit_log")
public class AuditEntry extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(insertable = false, updatable = false)
  public Instant at;

  public String actor;
  public String action;
  public String resource;
  public String key;

  @JdbcTypeCode(SqlTypes.JSON)
  public String before;

  @JdbcTypeCode(SqlTypes.JSON)
  public String after;
}
