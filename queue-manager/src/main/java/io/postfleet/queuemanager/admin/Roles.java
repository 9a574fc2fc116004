package io.postfleet.queuemanager.admin;

import java.util.Set;

/**
 * The role names the resources' {@code @RolesAllowed} check. A token's {@link Caller.Role} grants
 * them: a reader may read, an admin may read and change.
 */
public final class Roles {
  public static final String READER = "reader";
  public static final String ADMIN = "admin";

  private Roles() {}

  public static Set<String> of(Caller.Role role) {
    return switch (role) {
      case READER -> Set.of(READER);
      case ADMIN -> Set.of(READER, ADMIN);
    };
  }
}
