package io.postfleet.queuemanager.admin;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

/** Who is calling the admin API in this request, as the audit log and problems name them. */
@RequestScoped
public class Caller {
  /** What a token may do; {@link Roles#of} turns it into the roles resources check. */
  public enum Role {
    /** Reads only. */
    READER,
    /** Everything, including tokens. */
    ADMIN
  }

  private final SecurityIdentity identity;

  public Caller(SecurityIdentity identity) {
    this.identity = identity;
  }

  public String name() {
    return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
  }
}
