package io.postfleet.maps.content;

/** Which part of a message a rule table inspects, as Postfix's three parameters name them. */
public enum ContentCheckKind {
  /** header_checks: the primary message header fields, each unfolded. */
  HEADER,
  /** mime_header_checks: MIME-Version and Content-* fields, in the message header and in every part. */
  MIME_HEADER,
  /** body_checks: every body line, up to body_checks_size_limit. */
  BODY
}
