package io.postfleet.maps;

/** Where one recipient goes after alias expansion and transport lookup: the output of {@link MapsSnapshot#route}. */
public sealed interface Route {

  /** A receiving mailbox on one of our local domains. */
  record Mailbox(String address) implements Route {}

  /**
   * An address delivered over SMTP.
   *
   * @param nextHop a domain or host to resolve by MX, or {@code [host]:port} to connect to directly
   */
  record Remote(String address, String nextHop) implements Route {}

  /**
   * An address delivered by running a command (a PIPE transport), by local-delivery.
   *
   * @param command the transport's command, its macros not yet expanded
   */
  record Pipe(String address, String command) implements Route {}

  /**
   * An address that cannot be delivered, with the RFC 3463 status for the bounce.
   *
   * @param address the address that failed
   * @param dsnStatus e.g. {@code 5.1.1} for an unknown user, {@code 5.4.6} for an alias loop
   * @param reason text for the log and the bounce
   */
  record Undeliverable(String address, String dsnStatus, String reason) implements Route {}
}
