package io.postfleet.queuemanager.policy.rest;

import io.postfleet.queuemanager.admin.Roles;
import io.postfleet.queuemanager.policy.PolicyService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;

/**
 * The sender-check policy of smtp-ingress (Postfix's smtpd and postscreen restrictions): modes per
 * listener, DNSBL and greylisting settings, reply texts, and per-domain overrides. Every pod
 * applies a change within its maps refresh interval.
 */
@Path("/api/v1/policy")
public class PolicyResource {
  private final PolicyService policy;

  public PolicyResource(PolicyService policy) {
    this.policy = policy;
  }

  /** The whole policy, defaults filled in. */
  @RolesAllowed(Roles.READER)
  @GET
  public PolicyDto get() throws SQLException {
    return policy.get();
  }

  /** Replaces the whole policy; what the body leaves out takes its default. */
  @RolesAllowed(Roles.ADMIN)
  @PUT
  public PolicyDto replace(PolicyDto body) throws SQLException {
    return policy.replace(body);
  }

  @RolesAllowed(Roles.READER)
  @GET
  @Path("domains/{domain}")
  public PolicyDto.Domain domain(@PathParam("domain") String domain) throws SQLException {
    return policy.domain(domain);
  }

  /** Creates or replaces one recipient domain's overrides. */
  @RolesAllowed(Roles.ADMIN)
  @PUT
  @Path("domains/{domain}")
  public PolicyDto.Domain putDomain(@PathParam("domain") String domain, PolicyDto.Domain body) throws SQLException {
    return policy.putDomain(domain, body);
  }

  @RolesAllowed(Roles.ADMIN)
  @DELETE
  @Path("domains/{domain}")
  public Response deleteDomain(@PathParam("domain") String domain) throws SQLException {
    policy.deleteDomain(domain);
    return Response.noContent().build();
  }
}
