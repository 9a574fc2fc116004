package io.postfleet.queuemanager.bulk;

/** The Postfix file formats the admin API imports and exports. */
public enum TableFormat {
  /** aliases(5): {@code name: target, target} for one domain. */
  ALIASES,
  /** virtual(5): {@code user@domain target ...}, {@code @domain target} and {@code domain anything}. */
  VIRTUAL,
  /** virtual_mailbox_maps: {@code user@domain value}; the value (a path) is ignored, we compute it. */
  MAILBOXES,
  /** transport(5): {@code pattern transport:nexthop}. */
  TRANSPORT
}
