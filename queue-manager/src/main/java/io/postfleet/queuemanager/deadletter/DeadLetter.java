package io.postfleet.queuemanager.deadletter;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A record some consumer could not read, as the queue API shows and deletes it. */
@Entity
@Table(name = "dead_letter")
public class DeadLetter extends PanacheEntityBase {
  @Id
  public Long id;

  @Column(name = "source_topic")
  public String sourceTopic;

  @Column(name = "source_partition")
  public int sourcePartition;

  @Column(name = "source_offset")
  public long sourceOffset;

  public String service;

  public String error;

  @Column(name = "record_key")
  public String key;

  /** Bytes of the value; 0 for a record without one. */
  public int size;

  /** The value exactly as it was on the source topic; only the detail view reads it. */
  @Basic(fetch = FetchType.LAZY)
  public byte[] payload;

  @Column(name = "failed_at")
  public Instant failedAt;

  @Column(name = "received_at")
  public Instant receivedAt;
}
