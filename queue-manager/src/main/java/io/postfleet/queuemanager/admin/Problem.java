package io.postfleet.queuemanager.admin;

import java.util.List;

/**
 * An RFC 9457 problem details body. {@code type} is a stable URN per error code that clients may
 * switch on; {@code detail} is for humans and never carries a class name or a stack trace. The
 * extension members name what was wrong: {@code field} a member of the request body (a JSON path
 * such as {@code greylist.delay} or {@code targets[1]}), {@code parameter} a query parameter, and
 * {@code allowed} the values it may take; each is absent where it does not apply.
 */
public record Problem(String type, String title, int status, String detail, String field, String parameter,
    List<String> allowed) {
  public static final String MEDIA_TYPE = "application/problem+json";

  public static Problem of(int status, String code, String title, String detail) {
    return new Problem("urn:postfleet:problem:" + code, title, status, detail, null, null, null);
  }

  public Problem withField(String name) {
    return new Problem(type, title, status, detail, name, parameter, allowed);
  }

  public Problem withParameter(String name, List<String> values) {
    return new Problem(type, title, status, detail, field, name, values);
  }

  public Problem withAllowed(List<String> values) {
    return new Problem(type, title, status, detail, field, parameter, values);
  }
}
