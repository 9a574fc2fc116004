package io.postfleet.maps;

/** The RCPT-time verdict of the maps for one address. */
public enum RecipientStatus {
  /**
   * Mail we take for any client: a receiving mailbox or an alias in a local or virtual alias
   * domain, or any address in a relay domain.
   */
  LOCAL,
  /** A local or virtual alias domain of ours without such a user, or a send-only address: {@code 550 5.1.1}. */
  UNKNOWN_LOCAL_USER,
  /** Not a domain of ours: relay only for trusted or authenticated clients. */
  REMOTE,
  /** The maps could not be read (never loaded): {@code 451 4.3.0}, never a reject. */
  UNAVAILABLE
}
