package io.postfleet.queuemanager.mailbox.rest;

import io.postfleet.contract.MailboxFormat;
import io.postfleet.queuemanager.admin.ApiProblem;
import io.postfleet.queuemanager.admin.Names;
import io.postfleet.queuemanager.admin.Page;
import io.postfleet.queuemanager.admin.Roles;
import io.postfleet.queuemanager.admin.UniqueKeys;
import io.postfleet.queuemanager.alias.Alias;
import io.postfleet.queuemanager.audit.AuditLog;
import io.postfleet.queuemanager.domain.Domain;
import io.postfleet.queuemanager.mailbox.Mailbox;
import io.postfleet.queuemanager.mailbox.MailboxUsageStore;
import io.postfleet.queuemanager.mailbox.Passwords;
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
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** The local recipient map: which addresses of our local domains have a mailbox. */
@Path("/api/v1/mailboxes")
public class MailboxResource {
  private static final String RESOURCE = "mailbox";
  private final AuditLog audit;
  private final MailboxUsageStore usage;

  public MailboxResource(AuditLog audit, MailboxUsageStore usage) {
    this.audit = audit;
    this.usage = usage;
  }

  @RolesAllowed(Roles.READER)
  @GET
  public Page<MailboxDto> list(@QueryParam("domain") String domain, @QueryParam("q") String contains,
      @QueryParam("page") Integer page, @QueryParam("size") Integer size) throws SQLException {
    String like = Page.containing(contains);
    Page<Mailbox> mailboxes = domain == null
        ? Page.of(Mailbox.<Mailbox>find("address like ?1", Sort.by("address"), like), page, size, m -> m)
        : Page.of(Mailbox.<Mailbox>find("address like ?1 and domain = ?2", Sort.by("address"), like,
            Names.domain(domain)), page, size, m -> m);
    // One query for the page's usage, not one per mailbox.
    Map<String, MailboxUsageStore.Stored> used = usage.of(mailboxes.items().stream().map(m -> m.address).toList());
    List<MailboxDto> items = mailboxes.items().stream().map(m -> MailboxDto.of(m, used.get(m.address))).toList();
    return new Page<>(items, mailboxes.page(), mailboxes.size(), mailboxes.total());
  }

  @RolesAllowed(Roles.READER)
  @GET
  @Path("{address}")
  public MailboxDto get(@PathParam("address") String address) throws SQLException {
    Mailbox mailbox = find(Names.address(address));
    return MailboxDto.of(mailbox, usage.of(List.of(mailbox.address)).get(mailbox.address));
  }

  @RolesAllowed(Roles.ADMIN)
  @POST
  @Transactional
  public Response create(MailboxDto body, @Context UriInfo uri) {
    if (body == null) {
      throw ApiProblem.invalid("a JSON body with the mailbox address is required");
    }
    String address = ApiProblem.required("address", body.address(), Names::address);
    String domainName = Names.domainOf(address);
    Domain domain = Domain.findById(domainName);
    if (domain == null) {
      throw ApiProblem.invalid("domain " + domainName + " is not one of ours; create it first");
    }
    if (domain.kind != Domain.Kind.LOCAL) {
      throw ApiProblem.invalid("domain " + domainName + " is " + domain.kind + "; mailboxes live in LOCAL domains");
    }
    if (Mailbox.findById(address) != null) {
      throw ApiProblem.conflict("mailbox " + address + " already exists");
    }
    if (Alias.findById(address) != null) {
      throw ApiProblem.conflict("an alias " + address + " exists and would shadow this mailbox");
    }
    Mailbox mailbox = new Mailbox();
    mailbox.address = address;
    mailbox.domain = domainName;
    apply(mailbox, body, true);
    UniqueKeys.insert(mailbox, () -> ApiProblem.conflict("mailbox " + address + " already exists"));
    Mailbox.getEntityManager().refresh(mailbox);
    MailboxDto created = MailboxDto.of(mailbox);
    audit.created(RESOURCE, address, created);
    return Response.created(uri.getAbsolutePathBuilder().path(address).build()).entity(created).build();
  }

  @RolesAllowed(Roles.ADMIN)
  @PUT
  @Path("{address}")
  @Transactional
  public MailboxDto replace(@PathParam("address") String address, MailboxDto body) {
    return change(address, body, true);
  }

  @RolesAllowed(Roles.ADMIN)
  @PATCH
  @Path("{address}")
  @Transactional
  public MailboxDto update(@PathParam("address") String address, MailboxDto body) {
    return change(address, body, false);
  }

  @RolesAllowed(Roles.ADMIN)
  @DELETE
  @Path("{address}")
  @Transactional
  public Response delete(@PathParam("address") String address) {
    Mailbox mailbox = find(Names.address(address));
    audit.deleted(RESOURCE, mailbox.address, MailboxDto.of(mailbox));
    mailbox.delete();
    return Response.noContent().build();
  }

  private MailboxDto change(String address, MailboxDto body, boolean replace) {
    Mailbox mailbox = find(Names.address(address));
    if (body == null) {
      throw ApiProblem.invalid("a JSON body is required");
    }
    if (body.address() != null && !Names.address(body.address()).equals(mailbox.address)) {
      throw ApiProblem.invalid("a mailbox cannot be renamed; create the new one and delete this one");
    }
    MailboxDto before = MailboxDto.of(mailbox);
    apply(mailbox, body, replace);
    MailboxDto after = MailboxDto.of(mailbox);
    audit.updated(RESOURCE, mailbox.address, before, after);
    return after;
  }

  /** With {@code replace} (POST, PUT) a missing field takes its default; otherwise (PATCH) it stays. */
  private static void apply(Mailbox mailbox, MailboxDto body, boolean replace) {
    if (body.receiveEnabled() != null || replace) {
      mailbox.receiveEnabled = body.receiveEnabled() == null || body.receiveEnabled();
    }
    if (body.quotaBytes() != null || replace) {
      if (body.quotaBytes() != null && body.quotaBytes() <= 0) {
        throw ApiProblem.invalid("quotaBytes must be positive, or absent for no quota");
      }
      mailbox.quotaBytes = body.quotaBytes();
    }
    if (body.format() != null || replace) {
      // A change applies to the next delivery; mail already stored stays where it is, as when an
      // administrator changes Postfix's home_mailbox.
      mailbox.format = body.format() == null ? MailboxFormat.MAILDIR : body.format();
    }
    if (body.password() != null) {
      mailbox.passwordHash = body.password().isEmpty() ? null : Passwords.hash(body.password());
    }
  }

  private static Mailbox find(String address) {
    Mailbox mailbox = Mailbox.findById(address);
    if (mailbox == null) {
      throw ApiProblem.notFound("mailbox", address);
    }
    return mailbox;
  }
}
