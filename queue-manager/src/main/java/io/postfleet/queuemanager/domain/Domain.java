package io.postfleet.queuemanager.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;

/** A domain we answer for (Postfix's mydestination / virtual_mailbox_domains). */
@Entity
public class Domain extends PanacheEntityBase {

  /** Postfix's address classes for domains of ours. */
  public enum Kind {
    /** Mailboxes here, plus aliases (mydestination, virtual_mailbox_domains). */
    LOCAL,
    /** Aliases only (virtual_alias_domains). */
    VIRTUAL_ALIAS,
    /** Any recipient accepted and forwarded by transport, relayhost or MX (relay_domains). */
    RELAY
  }

  @Id
  public String name;

  @Enumerated(EnumType.STRING)
  public Kind kind;

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;
}
