package io.postfleet.queuemanager.mailbox.rest;

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
import java.util.List;

/** The local recipient map: which addresses of our domains have a mailbox. */
@Path("/api/v1/mailboxes")
public class MailboxResource {

  @GET
  public List<MailboxDto> list(@QueryParam("domain") String domain) {
    List<Mailbox> found = domain == null
        ? Mailbox.listAll(Sort.by("address"))
        : Mailbox.list("domain", Sort.by("address"), Names.domain(domain));
    return found.stream().map(MailboxDto::of).toList();
  }

  @GET
  @Path("{address}")
  public MailboxDto get(@PathParam("address") String address) {
    return MailboxDto.of(find(Names.address(address)));
  }

  @POST
  @Transactional
  public Response create(MailboxDto body, @Context UriInfo uri) {
    if (body == null) {
      throw ApiProblem.invalid("a JSON body with the mailbox address is required");
    }
    String address = Names.address(body.address());
    String domain = Names.domainOf(address);
    if (Domain.findById(domain) == null) {
      throw ApiProblem.invalid("domain " + domain + " is not one of ours; create it first");
    }
    if (Mailbox.findById(address) != null) {
      throw ApiProblem.conflict("mailbox " + address + " already exists");
    }
    if (Alias.findById(address) != null) {
      throw ApiProblem.conflict("an alias " + address + " exists and would shadow this mailbox");
    }
    Mailbox mailbox = new Mailbox();
    mailbox.address = address;
    mailbox.domain = domain;
    mailbox.receiveEnabled = body.receiveEnabled() == null || body.receiveEnabled();
    mailbox.persistAndFlush();
    Mailbox.getEntityManager().refresh(mailbox);
    return Response.created(uri.getAbsolutePathBuilder().path(address).build()).entity(MailboxDto.of(mailbox)).build();
  }

  @PUT
  @Path("{address}")
  @Transactional
  public MailboxDto replace(@PathParam("address") String address, MailboxDto body) {
    Mailbox mailbox = find(Names.address(address));
    if (body == null) {
      throw ApiProblem.invalid("a JSON body is required");
    }
    if (body.address() != null && !Names.address(body.address()).equals(mailbox.address)) {
      throw ApiProblem.invalid("a mailbox cannot be renamed; create the new one and delete this one");
    }
    mailbox.receiveEnabled = body.receiveEnabled() == null || body.receiveEnabled();
    return MailboxDto.of(mailbox);
  }

  @DELETE
  @Path("{address}")
  @Transactional
  public Response delete(@PathParam("address") String address) {
    find(Names.address(address)).delete();
    return Response.noContent().build();
  }

  private static Mailbox find(String address) {
    Mailbox mailbox = Mailbox.findById(address);
    if (mailbox == null) {
      throw ApiProblem.notFound("mailbox", address);
    }
    return mailbox;
  }
}
