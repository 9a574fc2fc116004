package io.postfleet.queuemanager.domain.rest;

import io.postfleet.queuemanager.admin.ApiProblem;
import io.postfleet.queuemanager.admin.Names;
import io.postfleet.queuemanager.alias.Alias;
import io.postfleet.queuemanager.domain.Domain;
import io.postfleet.queuemanager.mailbox.Mailbox;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import io.quarkus.panache.common.Sort;
import java.util.List;

/** The domains map: which domains are ours. */
@Path("/api/v1/domains")
public class DomainResource {

  @GET
  public List<DomainDto> list() {
    return Domain.<Domain>listAll(Sort.by("name")).stream().map(DomainDto::of).toList();
  }

  @GET
  @Path("{name}")
  public DomainDto get(@PathParam("name") String name) {
    return DomainDto.of(find(Names.domain(name)));
  }

  @POST
  @Transactional
  public Response create(DomainDto body, @Context UriInfo uri) {
    if (body == null) {
      throw ApiProblem.invalid("a JSON body with the domain's name is required");
    }
    String name = Names.domain(body.name());
    if (Domain.findById(name) != null) {
      throw ApiProblem.conflict("domain " + name + " already exists");
    }
    Domain domain = new Domain();
    domain.name = name;
    domain.kind = body.kind() == null ? Domain.Kind.LOCAL : body.kind();
    domain.persistAndFlush();
    Domain.getEntityManager().refresh(domain);
    return Response.created(uri.getAbsolutePathBuilder().path(name).build()).entity(DomainDto.of(domain)).build();
  }

  @PUT
  @Path("{name}")
  @Transactional
  public DomainDto replace(@PathParam("name") String name, DomainDto body) {
    Domain domain = find(Names.domain(name));
    if (body == null) {
      throw ApiProblem.invalid("a JSON body is required");
    }
    if (body.name() != null && !Names.domain(body.name()).equals(domain.name)) {
      throw ApiProblem.invalid("a domain cannot be renamed; create the new one and delete this one");
    }
    domain.kind = body.kind() == null ? Domain.Kind.LOCAL : body.kind();
    return DomainDto.of(domain);
  }

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
    domain.delete();
    return Response.noContent().build();
  }

  private static Domain find(String name) {
    Domain domain = Domain.findById(name);
    if (domain == null) {
      throw ApiProblem.notFound("domain", name);
    }
    return domain;
  }
}
