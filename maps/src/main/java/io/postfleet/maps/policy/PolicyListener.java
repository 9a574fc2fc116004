package io.postfleet.maps.policy;

/** The kinds of listener a policy tells apart: the MX port and the two submission ports. */
public enum PolicyListener {
  /** Port 25: mail from the internet. */
  MX,
  /** Ports 587 and 465: our users, who authenticate. */
  SUBMISSION
}
