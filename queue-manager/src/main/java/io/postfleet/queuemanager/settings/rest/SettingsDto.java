package io.postfleet.queuemanager.settings.rest;

import java.util.List;

/**
 * The main.cf-like settings: {@code relayhost} ("" for direct MX delivery, else {@code [host]:port}
 * or {@code host}), {@code senderLoginMatch} (reject_sender_login_mismatch for authenticated
 * clients) and {@code trustedNetworks} (mynetworks, added to those smtp-ingress is configured with).
 */
public record SettingsDto(String relayhost, Boolean senderLoginMatch, List<String> trustedNetworks) {}
