package io.postfleet.queuemanager.alias.rest;

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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** The aliases map: expanded by queue-manager, recursively and loop-safe, before delivery. */
@Path("/api/v1/aliases")
public class AliasResource {
  private static final String RESOURCE = "alias";
  private final AuditLog audit;

  public AliasResource(AuditLog audit) {
    this.audit = audit;
  }

  @RolesAllowed(Roles.READER)
  @GET
  public Page<AliasDto> list(@QueryParam("domain") String domain, @QueryParam("q") String contains,
      @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
    String like = Page.containing(contains);
    return domain == null
        ? Page.of(Alias.<Alias>find("address like ?1", Sort.by("address"), like), page, size, AliasDto::of)
        : Page.of(Alias.<Alias>find("address like ?1 and domain = ?2", Sort.by("address"), like,
            Names.domain(domain)), page, size, AliasDto::of);
  }

  @RolesAllowed(Roles.READER)
  @GET
  @Path("{address}")
  public AliasDto get(@PathParam("address") String address) {
    return AliasDto.of(find(Names.aliasKey(address)));
  }

  @RolesAllowed(Roles.ADMIN)
  @POST
  @Transactional
  public Response create(AliasDto body, @Context UriInfo uri) {
    if (body == null) {
      throw ApiProblem.invalid("a JSON body with the alias address and its targets is required");
    }
    String address = ApiProblem.required("address", body.address(), Names::aliasKey);
    String domain = Names.domainOf(address);
    Domain owner = Domain.findById(domain);
    if (owner == null) {
      throw ApiProblem.invalid("domain " + domain + " is not one of ours; create it first");
    }
    if (owner.kind == Domain.Kind.RELAY) {
      throw ApiProblem
          .invalid("domain " + domain + " is a RELAY domain; aliases live in LOCAL or VIRTUAL_ALIAS domains");
    }
    if (Alias.findById(address) != null) {
      throw ApiProblem.conflict("alias " + address + " already exists");
    }
    if (Mailbox.findById(address) != null) {
      throw ApiProblem.conflict("mailbox " + address + " exists; an alias would shadow it");
    }
    Alias alias = new Alias();
    alias.address = address;
    alias.domain = domain;
    alias.targets = targets(body);
    UniqueKeys.insert(alias, () -> ApiProblem.conflict("alias " + address + " already exists"));
    Alias.getEntityManager().refresh(alias);
    AliasDto created = AliasDto.of(alias);
    audit.created(RESOURCE, address, created);
    return Response.created(uri.getAbsolutePathBuilder().path(address).build()).entity(created).build();
  }

  /** An alias has one thing to change, its targets: PUT and PATCH both replace them. */
  @RolesAllowed(Roles.ADMIN)
  @PUT
  @Path("{address}")
  @Transactional
  public AliasDto replace(@PathParam("address") String address, AliasDto body) {
    return change(address, body);
  }

  @RolesAllowed(Roles.ADMIN)
  @PATCH
  @Path("{address}")
  @Transactional
  public AliasDto update(@PathParam("address") String address, AliasDto body) {
    return change(address, body);
  }

  private AliasDto change(String address, AliasDto body) {
    Alias alias = find(Names.aliasKey(address));
    if (body == null) {
      throw ApiProblem.invalid("a JSON body is required");
    }
    if (body.address() != null && !Names.aliasKey(body.address()).equals(alias.address)) {
      throw ApiProblem.invalid("an alias cannot be renamed; create the new one and delete this one");
    }
    AliasDto before = AliasDto.of(alias);
    alias.targets.clear();
    alias.targets.addAll(targets(body));
    AliasDto after = AliasDto.of(alias);
    audit.updated(RESOURCE, alias.address, before, after);
    return after;
  }

  @RolesAllowed(Roles.ADMIN)
  @DELETE
  @Path("{address}")
  @Transactional
  public Response delete(@PathParam("address") String address) {
    Alias alias = find(Names.aliasKey(address));
    audit.deleted(RESOURCE, alias.address, AliasDto.of(alias));
    alias.delete();
    return Response.noContent().build();
  }

  private static List<String> targets(AliasDto body) {
    if (body.targets() == null || body.targets().isEmpty()) {
      throw ApiProblem.invalid("an alias needs at least one target address");
    }
    LinkedHashSet<String> targets = new LinkedHashSet<>();
    for (String target : body.targets()) {
      targets.add(Names.address(target));
    }
    return new ArrayList<>(targets);
  }

  private static Alias find(String address) {
    Alias alias = Alias.findById(address);
    if (alias == null) {
      throw ApiProblem.notFound("alias", address);
    }
    return alias;
  }
}
