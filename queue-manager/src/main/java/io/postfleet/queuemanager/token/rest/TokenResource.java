package io.postfleet.queuemanager.token.rest;

import io.postfleet.queuemanager.admin.ApiProblem;
import io.postfleet.queuemanager.admin.Caller;
import io.postfleet.queuemanager.admin.Roles;
import io.postfleet.queuemanager.admin.UniqueKeys;
import io.postfleet.queuemanager.audit.AuditLog;
import io.postfleet.queuemanager.token.ApiToken;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.security.RolesAllowed;
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
@RolesAllowed(Roles.ADMIN)
public class TokenResource {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final AuditLog audit;

  public TokenResource(AuditLog audit) {
    this.audit = audit;
  }

  @GET
  public List<TokenDto> list() {
    return ApiToken.<ApiToken>listAll(Sort.by("name")).stream().map(TokenDto::of).toList();
  }

  @POST
  @Transactional
  public Response create(TokenDto body, @Context UriInfo uri) {
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
    UniqueKeys.insert(entity, () -> ApiProblem.conflict("token " + entity.name + " already exists"));
    ApiToken.getEntityManager().refresh(entity);
    audit.created("token", entity.name, TokenDto.of(entity));
    return Response.created(uri.getAbsolutePathBuilder().path(entity.name).build())
        .entity(new TokenDto(entity.name, entity.role, token, entity.createdAt)).build();
  }

  @DELETE
  @Path("{name}")
  @Transactional
  public Response delete(@PathParam("name") String name) {
    ApiToken token = ApiToken.find("name", name).firstResult();
    if (token == null) {
      throw ApiProblem.notFound("token", name);
    }
    audit.deleted("token", name, TokenDto.of(token));
    token.delete();
    return Response.noContent().build();
  }
}
