package io.postfleet.queuemanager.domain.rest;

import io.postfleet.queuemanager.admin.ApiProblem;
import io.postfleet.queuemanager.admin.Names;
import io.postfleet.queuemanager.admin.Page;
import io.postfleet.queuemanager.admin.Roles;
import io.postfleet.queuemanager.admin.UniqueKeys;
import io.postfleet.queuemanager.alias.Alias;
import io.postfleet.queuemanager.audit.AuditLog;
import io.postfleet.queuemanager.domain.Domain;
import io.postfleet.queuemanager.mailbox.Mailbox;
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

/** The domains map: which domains are ours, and of which address class. */
@Path("/api/v1/domains")
public class DomainResource {
  private static final String RESOURCE = "domain";
  private final AuditLog audit;

  public DomainResource(AuditLog audit) {
    this.audit = audit;
  }

  @RolesAllowed(Roles.READER)
  @GET
  public Page<DomainDto> list(@QueryParam("kind") Domain.Kind kind, @QueryParam("q") String contains,
      @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
    String like = Page.containing(contains);
    return kind == null
        ? Page.of(Domain.<Domain>find("name like ?1", Sort.by("name"), like), page, size, DomainDto::of)
        : Page.of(Domain.<Domain>find("name like ?1 and kind = ?2", Sort.by("name"), like, kind), page, size,
            DomainDto::of);
  }

  @RolesAllowed(Roles.READER)
  @GET
  @Path("{name}")
  public DomainDto get(@PathParam("name") String name) {
    return DomainDto.of(find(Names.domain(name)));
  }

  @RolesAllowed(Roles.ADMIN)
  @POST
  @Transactional
  public Response create(DomainDto body, @Context UriInfo uri) {
    if (body == null) {
      throw ApiProblem.invalid("a JSON body with the domain's name is required");
    }
    String name = ApiProblem.required("name", body.name(), Names::domain);
    if (Domain.findById(name) != null) {
      throw ApiProblem.conflict("domain " + name + " already exists");
    }
    Domain domain = new Domain();
    domain.name = name;
    domain.kind = body.kind() == null ? Domain.Kind.LOCAL : body.kind();
    UniqueKeys.insert(domain, () -> ApiProblem.conflict("domain " + name + " already exists"));
    Domain.getEntityManager().refresh(domain);
    DomainDto created = DomainDto.of(domain);
    audit.created(RESOURCE, name, created);
    return Response.created(uri.getAbsolutePathBuilder().path(name).build()).entity(created).build();
  }

  @RolesAllowed(Roles.ADMIN)
  @PUT
  @Path("{name}")
  @Transactional
  public DomainDto replace(@PathParam("name") String name, DomainDto body) {
    return change(name, body, Domain.Kind.LOCAL);
  }

  @RolesAllowed(Roles.ADMIN)
  @PATCH
  @Path("{name}")
  @Transactional
  public DomainDto update(@PathParam("name") String name, DomainDto body) {
    return change(name, body, null);
  }

  @RolesAllowed(Roles.ADMIN)
  @DELETE
  @Path("{name}")
  @Transactional
  public Response delete(@PathParam("name") String name) {
    Domain domain = find(Names.domain(name));
    long users = Mailbox.count("domain", domain.name) + Alias.count("domain", domain.name);
    if (users > 0) {
      throw ApiProblem.conflict("domain " + domain.name + " still has " + users
          + " mailboxes or aliases; delete them first");
    }
    audit.deleted(RESOURCE, domain.name, DomainDto.of(domain));
    domain.delete();
    return Response.noContent().build();
  }

  /** PUT passes the default of a missing kind, PATCH passes null: a missing kind stays as it is. */
  private DomainDto change(String name, DomainDto body, Domain.Kind defaultKind) {
    Domain domain = find(Names.domain(name));
    if (body == null) {
      throw ApiProblem.invalid("a JSON body is required");
    }
    if (body.name() != null && !Names.domain(body.name()).equals(domain.name)) {
      throw ApiProblem.invalid("a domain cannot be renamed; create the new one and delete this one");
    }
    DomainDto before = DomainDto.of(domain);
    Domain.Kind kind = body.kind() != null ? body.kind() : defaultKind != null ? defaultKind : domain.kind;
    if (kind != Domain.Kind.LOCAL && Mailbox.count("domain", domain.name) > 0) {
      throw ApiProblem.conflict("domain " + domain.name + " has mailboxes; only a LOCAL domain can hold them");
    }
    if (kind == Domain.Kind.RELAY && Alias.count("domain", domain.name) > 0) {
      throw ApiProblem.conflict("domain " + domain.name + " has aliases; a RELAY domain cannot hold them");
    }
    domain.kind = kind;
    DomainDto after = DomainDto.of(domain);
    audit.updated(RESOURCE, domain.name, before, after);
    return after;
  }

  private static Domain find(String name) {
    Domain domain = Domain.findById(name);
    if (domain == null) {
      throw ApiProblem.notFound("domain", name);
    }
    return domain;
  }
}
