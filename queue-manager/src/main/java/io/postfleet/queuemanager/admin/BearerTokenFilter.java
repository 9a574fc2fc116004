package io.postfleet.queuemanager.admin;

import io.postfleet.queuemanager.config.QueueManagerConfig;
import io.postfleet.queuemanager.token.ApiToken;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every /api request must carry a bearer token: the configured bootstrap token (an admin called
 * "bootstrap") or one created through /api/v1/tokens. Readers may only read. Health, metrics and
 * OpenAPI stay open.
 */
public class BearerTokenFilter {
  private static final String PREFIX = "Bearer ";
  private final byte[] bootstrapToken;
  private final Caller caller;

  public BearerTokenFilter(QueueManagerConfig config, Caller caller) {
    this.bootstrapToken = config.admin().token().getBytes(StandardCharsets.UTF_8);
    this.caller = caller;
  }

  @ServerRequestFilter
  public Response authenticate(ContainerRequestContext request) {
    if (!request.getUriInfo().getPath().startsWith("/api/")) {
      return null;
    }
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.startsWith(PREFIX) || header.length() == PREFIX.length()) {
      return unauthorized();
    }
    String token = header.substring(PREFIX.length());
    // Constant-time comparison: the token must not leak through response timing.
    if (MessageDigest.isEqual(bootstrapToken, token.getBytes(StandardCharsets.UTF_8))) {
      caller.set("bootstrap", Caller.Role.ADMIN);
    } else {
      ApiToken known = QuarkusTransaction.requiringNew().call(() -> ApiToken.findByToken(token));
      if (known == null) {
        return unauthorized();
      }
      caller.set(known.name, known.role);
    }
    if (caller.role() == Caller.Role.READER && !HttpMethod.GET.equals(request.getMethod())
        && !HttpMethod.HEAD.equals(request.getMethod())) {
      return respond(Problem.of(403, "forbidden", "Forbidden", "token " + caller.name() + " may only read"));
    }
    return null;
  }

  private static Response unauthorized() {
    Problem problem = Problem.of(401, "unauthorized", "Unauthorized", "a valid bearer token is required");
    return Response.status(401).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"postfleet\"")
        .type(Problem.MEDIA_TYPE).entity(problem).build();
  }

  private static Response respond(Problem problem) {
    return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
  }
}
