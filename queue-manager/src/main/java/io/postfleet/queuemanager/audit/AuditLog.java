package io.postfleet.queuemanager.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postfleet.queuemanager.admin.Caller;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Records every change in the same transaction as the change itself, so the log never claims a
 * change that was rolled back nor misses one that was committed.
 */
@ApplicationScoped
public class AuditLog {
  private final Caller caller;
  private final ObjectMapper json;

  public AuditLog(Caller caller, ObjectMapper json) {
    this.caller = caller;
    this.json = json;
  }

  public void created(String resource, String key, Object after) {
    record("create", resource, key, null, after);
  }

  public void updated(String resource, String key, Object before, Object after) {
    record("update", resource, key, before, after);
  }

  public void deleted(String resource, String key, Object before) {
    record("delete", resource, key, before, null);
  }

  private void record(String action, String resource, String key, Object before, Object after) {
    AuditEntry entry = new AuditEntry();
    entry.actor = caller.name();
    entry.action = action;
    entry.resource = resource;
    entry.key = key;
    entry.before = toJson(before);
    entry.after = toJson(after);
    entry.persist();
  }

  private String toJson(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("audit record of a DTO that cannot be written as JSON", e);
    }
  }
}
