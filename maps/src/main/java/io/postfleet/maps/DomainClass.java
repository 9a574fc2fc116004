package io.postfleet.maps;

/** Postfix's address classes for the domains we answer for; every other domain is remote. */
public enum DomainClass {
  /** Mailboxes here, plus aliases (mydestination, virtual_mailbox_domains). */
  LOCAL,
  /** Aliases only; every address must be an alias (virtual_alias_domains). */
  VIRTUAL_ALIAS,
  /** Any recipient is accepted and forwarded by transport, relayhost or MX (relay_domains). */
  RELAY
}
