package io.postfleet.queuemanager.dkim.rest;

/**
 * Creates or rotates a domain's key, from exactly one source: {@code generate} (with
 * {@code algorithm}), {@code privateKey} (PKCS#8 PEM) or {@code keyFile} (a mounted PEM file's path).
 */
public record DkimKeyRequest(String domain, String selector, String algorithm, Boolean generate,
    String privateKey, String keyFile) {}
