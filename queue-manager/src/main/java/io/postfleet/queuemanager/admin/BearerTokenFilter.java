package io.postfleet.queuemanager.admin;

import io.postfleet.queuemanager.config.QueueManagerConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Every /api request must carry the configured bearer token; health, metrics and OpenAPI stay open. */
public class BearerTokenFilter {
  private static final String PREFIX = "Bearer ";
  private final byte[] token;

  public BearerTokenFilter(QueueManagerConfig config) {
    this.token = config.admin().token().getBytes(StandardCharsets.UTF_8);
  }

  @ServerRequestFilter(preMatching = true)
  public Response authenticate(ContainerRequestContext request) {
    if (!request.getUriInfo().getPath().startsWith("/api/")) {
      return null;
    }
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    // Constant-time comparison: the token must not leak through response timing.
    if (header != null && header.startsWith(PREFIX)
        && MessageDigest.isEqual(token, header.substring(PREFIX.length()).getBytes(StandardCharsets.UTF_8))) {
      return null;
    }
    Problem problem = Problem.of(401, "unauthorized", "Unauthorized", "a valid bearer token is required");
    return Response.status(401).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"postfleet\"")
        .type(Problem.MEDIA_TYPE).entity(problem).build();
  }
}
