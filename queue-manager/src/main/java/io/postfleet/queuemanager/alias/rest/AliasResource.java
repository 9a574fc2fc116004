package io.postfleet.queuemanager.alias.rest;

import io.postfleet.queuemanager.admin.ApiProblem;
import io.postfleet.queuemanager.admin.Names;
import io.postfleet.queuemanager.alias.Alias;
import io.postfleet.queuemanager.domain.Domain;
import io.postfleet.queuemanager.mailbox.Mailbox;
import io.quarkus.panache.common.Sort;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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

  @GET
  public List<AliasDto> list(@QueryParam("domain") String domain) {
    List<Alias> found = domain == null
        ? Alias.listAll(Sort.by("address"))
        : Alias.list("domain", Sort.by("address"), Names.domain(domain));
    return found.stream().map(AliasDto::of).toList();
  }

  @GET
  @Path("{address}")
  public AliasDto get(@PathParam("address") String address) {
    return AliasDto.of(find(Names.aliasKey(address)));
  }

  @POST
  @Transactional
  public Response create(AliasDto body, @Context UriInfo uri) {
    if (body == null) {
      throw ApiProblem.invalid("a JSON body with the alias address and its targets is required");
    }
    String address = Names.aliasKey(body.address());
    String domain = Names.domainOf(address);
    if (Domain.findById(domain) == null) {
      throw ApiProblem.invalid("domain " + domain + " is not one of ours; create it first");
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
    alias.persistAndFlush();
    Alias.getEntityManager().refresh(alias);
    return Response.created(uri.getAbsolutePathBuilder().path(address).build()).entity(AliasDto.of(alias)).build();
  }

  @PUT
  @Path("{address}")
  @Transactional
  public AliasDto replace(@PathParam("address") String address, AliasDto body) {
    Alias alias = find(Names.aliasKey(address));
    if (body == null) {
      throw ApiProblem.invalid("a JSON body is required");
    }
    if (body.address() != null && !Names.aliasKey(body.address()).equals(alias.address)) {
      throw ApiProblem.invalid("an alias cannot be renamed; create the new one and delete this one");
    }
    alias.targets.clear();
    alias.targets.addAll(targets(body));
    return AliasDto.of(alias);
  }

  @DELETE
  @Path("{address}")
  @Transactional
  public Response delete(@PathParam("address") String address) {
    find(Names.aliasKey(address)).delete();
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
