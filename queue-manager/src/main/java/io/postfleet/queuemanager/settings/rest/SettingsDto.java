package io.postfleet.queuemanager.settings.rest;

import java.util.List;

/**
 * The main.cf-like settings: {@code relayhost} ("" for direct MX delivery, else {@code [host]:port}
 * or {@code host}), {@code senderLoginMatch} (reject_sender_login_mismatch for authenticated
 * clients), {@code trustedNetworks} (mynetworks, added to those smtp-ingress is configured with) and
 * {@code postmaster} (the address postmaster@ of every local and virtual alias domain without an
 * entry of its own, the bare postmaster and double bounces reach; Postfix's postmaster alias and
 * double_bounce_notice_recipient; "" for none).
 */
public record SettingsDto(String relayhost, Boolean senderLoginMatch, List<String> trustedNetworks,
    String postmaster) {}
