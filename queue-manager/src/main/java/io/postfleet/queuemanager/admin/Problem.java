package io.postfleet.queuemanager.admin;

/**
 * An RFC 9457 problem details body. {@code type} is a stable URN per error code that clients may
 * switch on; {@code detail} is for humans and never carries a class name or a stack trace.
 */
public record Problem(String type, String title, int status, String detail) {
  public static final String MEDIA_TYPE = "application/problem+json";

  public static Problem of(int status, String code, String title, String detail) {
    return new Problem("urn:postfleet:problem:" + code, title, status, detail);
  }
}
