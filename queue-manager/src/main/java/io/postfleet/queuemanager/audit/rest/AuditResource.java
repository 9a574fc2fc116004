package io.postfleet.queuemanager.audit.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postfleet.queuemanager.admin.Page;
import io.postfleet.queuemanager.admin.Roles;
import io.postfleet.queuemanager.audit.AuditEntry;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;

/** The audit log, newest first, filtered by resource, key or actor. */
@Path("/api/v1/audit")
public class AuditResource {

  /** One change; {@code before} and {@code after} are the resource as JSON, absent where there was none. */
  public record AuditDto(long id, Instant at, String actor, String action, String resource, String key,
      JsonNode before, JsonNode after) {}

  private final ObjectMapper json;

  public AuditResource(ObjectMapper json) {
    this.json = json;
  }

  @RolesAllowed(Roles.READER)
  @GET
  public Page<AuditDto> list(@QueryParam("resource") String resource, @QueryParam("key") String key,
      @QueryParam("actor") String actor, @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
    StringBuilder query = new StringBuilder("1 = 1");
    Parameters params = new Parameters();
    if (resource != null) {
      query.append(" and resource = :resource");
      params.and("resource", resource);
    }
    if (key != null) {
      query.append(" and key = :key");
      params.and("key", key);
    }
    if (actor != null) {
      query.append(" and actor = :actor");
      params.and("actor", actor);
    }
    return Page.of(AuditEntry.<AuditEntry>find(query.toString(), Sort.descending("id"), params), page, size,
        e -> new AuditDto(e.id, e.at, e.actor, e.action, e.resource, e.key, parse(e.before), parse(e.after)));
  }

  private JsonNode parse(String stored) {
    try {
      return stored == null ? null : json.readTree(stored);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("audit_log holds JSON the database itself validated", e);
    }
  }
}
