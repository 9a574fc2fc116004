package io.postfleet.queuemanager.queue;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of the deferred queue, as the queue API shows and changes it. */
@Entity
@Table(name = "deferred_job")
public class DeferredJob extends PanacheEntityBase {
  @Id
  public Long id;

  @Column(name = "queue_id")
  public String queueId;

  public String sender;

  @Column(name = "next_hop")
  public String nextHop;

  /** Comma-separated, for display and filtering; the job itself holds the recipients. */
  public String recipients;

  public int attempts;

  @Column(name = "queued_at")
  public Instant queuedAt;

  @Column(name = "next_attempt_at")
  public Instant nextAttemptAt;

  @Column(name = "last_error")
  public String lastError;

  public boolean held;

  /** The encoded job with the message; only the scheduler reads it. */
  @Basic(fetch = FetchType.LAZY)
  public byte[] job;
}
