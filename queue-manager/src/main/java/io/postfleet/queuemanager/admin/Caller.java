package io.postfleet.queuemanager.admin;

import jakarta.enterprise.context.RequestScoped;

/** Who is calling the admin API in this request: set by {@link BearerTokenFilter}, read by the audit log. */
@RequestScoped
public class Caller {
  /** What a token may do. */
  public enum Role {
    /** GET only. */
    READER,
    /** Everything, including tokens. */
    ADMIN
  }

  private String name = "anonymous";
  private Role role = Role.READER;

  void set(String name, Role role) {
    this.name = name;
    this.role = role;
  }

  public String name() {
    return name;
  }

  public Role role() {
    return role;
  }
}
