package io.postfleet.queuemanager.transport.rest;

import io.postfleet.queuemanager.admin.ApiProblem;
import io.postfleet.queuemanager.admin.Page;
import io.postfleet.queuemanager.admin.Roles;
import io.postfleet.queuemanager.admin.UniqueKeys;
import io.postfleet.queuemanager.audit.AuditLog;
import io.postfleet.queuemanager.transport.NextHops;
import io.postfleet.queuemanager.transport.TransportEntry;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** The transport map: next hops per address or domain, overriding MX lookup and the relayhost. */
@Path("/api/v1/transports")
public class TransportResource {
  private static final String RESOURCE = "transport";
  private final AuditLog audit;

  public TransportResource(AuditLog audit) {
    this.audit = audit;
  }

  @RolesAllowed(Roles.READER)
  @GET
  public Page<TransportDto> list(@QueryParam("q") String contains, @QueryParam("page") Integer page,
      @QueryParam("size") Integer size) {
    String like = Page.containing(contains);
    return Page.of(TransportEntry.<TransportEntry>find("pattern like ?1", Sort.by("pattern"), like), page, size,
        TransportDto::of);
  }

  @RolesAllowed(Roles.READER)
  @GET
  @Path("{pattern}")
  public TransportDto get(@PathParam("pattern") String pattern) {
    return TransportDto.of(find(NextHops.pattern(pattern)));
  }

  @RolesAllowed(Roles.ADMIN)
  @POST
  @Transactional
  public Response create(TransportDto body, @Context UriInfo uri) {
    if (body == null) {
      throw ApiProblem.invalid("a transport needs a pattern and a kind (LOCAL, SMTP, ERROR, PIPE)");
    }
    String pattern = ApiProblem.required("pattern", body.pattern(), NextHops::pattern);
    ApiProblem.required("kind", body.kind(), kind -> kind);
    if (TransportEntry.findById(pattern) != null) {
      throw ApiProblem.conflict("transport " + pattern + " already exists");
    }
    TransportEntry entry = new TransportEntry();
    entry.pattern = pattern;
    entry.kind = body.kind();
    entry.nexthop = ApiProblem.inField("nexthop", () -> NextHops.of(body.kind(), body.nexthop()));
    UniqueKeys.insert(entry, () -> ApiProblem.conflict("transport " + pattern + " already exists"));
    TransportEntry.getEntityManager().refresh(entry);
    TransportDto created = TransportDto.of(entry);
    audit.created(RESOURCE, pattern, created);
    return Response.created(uri.getAbsolutePathBuilder().path(pattern).build()).entity(created).build();
  }

  @RolesAllowed(Roles.ADMIN)
  @PUT
  @Path("{pattern}")
  @Transactional
  public TransportDto replace(@PathParam("pattern") String pattern, TransportDto body) {
    return change(pattern, body);
  }

  @RolesAllowed(Roles.ADMIN)
  @PATCH
  @Path("{pattern}")
  @Transactional
  public TransportDto update(@PathParam("pattern") String pattern, TransportDto body) {
    return change(pattern, body);
  }

  @RolesAllowed(Roles.ADMIN)
  @DELETE
  @Path("{pattern}")
  @Transactional
  public Response delete(@PathParam("pattern") String pattern) {
    TransportEntry entry = find(NextHops.pattern(pattern));
    audit.deleted(RESOURCE, entry.pattern, TransportDto.of(entry));
    entry.delete();
    return Response.noContent().build();
  }

  /** A missing kind keeps the current one; the next hop is always given with it (or empty). */
  private TransportDto change(String pattern, TransportDto body) {
    TransportEntry entry = find(NextHops.pattern(pattern));
    if (body == null) {
      throw ApiProblem.invalid("a JSON body is required");
    }
    TransportDto before = TransportDto.of(entry);
    TransportEntry.Kind kind = body.kind() == null ? entry.kind : body.kind();
    entry.nexthop = NextHops.of(kind, body.nexthop());
    entry.kind = kind;
    TransportDto after = TransportDto.of(entry);
    audit.updated(RESOURCE, entry.pattern, before, after);
    return after;
  }

  private static TransportEntry find(String pattern) {
    TransportEntry entry = TransportEntry.findById(pattern);
    if (entry == null) {
      throw ApiProblem.notFound("transport", pattern);
    }
    return entry;
  }
}
