package io.postfleet.queuemanager.token.rest;

import io.postfleet.queuemanager.admin.ApiProblem;
import io.postfleet.queuemanager.admin.Caller;
import io.postfleet.queuemanager.audit.AuditLog;
import io.postfleet.queuemanager.token.ApiToken;
import io.quarkus.panache.common.Sort;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/** Bearer tokens for people and pipelines, each with a role; only admins may see or change them. */
@Path("/api/v1/tokens")
public class TokenResource {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Caller caller;
  private final AuditLog audit;

  public TokenResource(Caller caller, AuditLog audit) {
    this.caller = caller;
    this.audit = audit;
  }

  @GET
  public List<TokenDto> list() {
    requireAdmin();
    return ApiToken.<ApiToken>listAll(Sort.by("name")).stream().map(TokenDto::of).toList();
  }

  @POST
  @Transactional
  public Response create(TokenDto body, @Context UriInfo uri) {
    requireAdmin();
    if (body == null || body.name() == null || !body.name().matches("[A-Za-z0-9._-]{1,100}")) {
      throw ApiProblem.invalid("a token needs a name of letters, digits, '.', '_' or '-'");
    }
    if (ApiToken.count("name", body.name()) > 0) {
      throw ApiProblem.conflict("token " + body.name() + " already exists");
    }
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    ApiToken entity = new ApiToken();
    entity.name = body.name();
    entity.role = body.role() == null ? Caller.Role.READER : body.role();
    entity.tokenHash = ApiToken.hash(token);
    entity.persistAndFlush();
    ApiToken.getEntityManager().refresh(entity);
    audit.created("token", entity.name, TokenDto.of(entity));
    return Response.created(uri.getAbsolutePathBuilder().path(entity.name).build())
        .entity(new TokenDto(entity.name, entity.role, token, entity.createdAt)).build();
  }

  @DELETE
  @Path("{name}")
  @Transactional
  public Response delete(@PathParam("name") String name) {
    requireAdmin();
    ApiToken token = ApiToken.find("name", name).firstResult();
    if (token == null) {
      throw ApiProblem.notFound("token", name);
    }
    audit.deleted("token", name, TokenDto.of(token));
    token.delete();
    return Response.noContent().build();
  }

  /** Readers are already limited to GET by the filter; listing tokens is for admins too. */
  private void requireAdmin() {
    if (caller.role() != Caller.Role.ADMIN) {
      throw ApiProblem.forbidden("only admin tokens may manage tokens");
    }
  }
}
