package io.postfleet.queuemanager.token;

import io.postfleet.queuemanager.admin.Caller;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/** A bearer token of the admin API; only its SHA-256 is stored, the token is shown once at creation. */
@Entity
@Table(name = "api_token")
public class ApiToken extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  public String name;

  @Enumerated(EnumType.STRING)
  public Caller.Role role;

  @Column(name = "token_hash")
  public String tokenHash;

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;

  public static ApiToken findByToken(String token) {
    return find("tokenHash", hash(token)).firstResult();
  }

  /** Tokens are 32 random bytes: a plain SHA-256 resists guessing as well as a slow hash would. */
  public static String hash(String token) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
