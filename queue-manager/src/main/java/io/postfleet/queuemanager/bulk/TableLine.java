package io.postfleet.queuemanager.bulk;

/** One logical entry of a Postfix table file: its key, its value, and the line it started on. */
public record TableLine(int number, String key, String value) {}
