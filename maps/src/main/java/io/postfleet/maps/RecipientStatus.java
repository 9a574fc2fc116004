package io.postfleet.maps;

/** The RCPT-time verdict of the maps for one address. */
public enum RecipientStatus {
  /** A domain of ours with a receiving mailbox or an alias for this address: accept. */
  LOCAL,
  /** A domain of ours without such a user, or a send-only address: {@code 550 5.1.1}. */
  UNKNOWN_LOCAL_USER,
  /** Not a domain of ours: relay only for trusted or authenticated clients. */
  REMOTE,
  /** The maps could not be read (never loaded, database down): {@code 451 4.3.0}, never a reject. */
  UNAVAILABLE
}
