package io.postfleet.queuemanager.mailbox;

import io.postfleet.contract.MailboxFormat;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;

/** An entry of the local recipient map; a send-only address (the seed's info@) refuses mail. */
@Entity
public class Mailbox extends PanacheEntityBase {
  @Id
  public String address;

  public String domain;

  @Column(name = "receive_enabled")
  public boolean receiveEnabled;

  /** bcrypt hash for SMTP AUTH; null when the mailbox cannot authenticate. */
  @Column(name = "password_hash")
  public String passwordHash;

  @Column(name = "quota_bytes")
  public Long quotaBytes;

  /** Maildir or mbox, as Postfix's home_mailbox chooses for all; here per mailbox. */
  @Enumerated(EnumType.STRING)
  public MailboxFormat format = MailboxFormat.MAILDIR;

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;
}
