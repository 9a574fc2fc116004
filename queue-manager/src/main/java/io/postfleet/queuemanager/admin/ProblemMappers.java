package io.postfleet.queuemanager.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.postfleet.queuemanager.token.BearerTokenMechanism;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place where failures become problem+json responses. */
public class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
  private final Caller caller;

  public ProblemMappers(Caller caller) {
    this.caller = caller;
  }

  @ServerExceptionMapper
  public Response apiProblem(ApiProblem e) {
    return respond(e.problem());
  }

  @ServerExceptionMapper
  public Response constraintViolation(ConstraintViolationException e) {
    String detail = e.getConstraintViolations().stream()
        .map(v -> lastNode(v.getPropertyPath().toString()) + ": " + v.getMessage())
        .sorted()
        .collect(Collectors.joining("; "));
    return respond(Problem.of(400, "invalid-request", "Invalid request", detail));
  }

  /** A body Jackson could read as JSON but not as this resource's type (thrown as is by the reader). */
  @ServerExceptionMapper
  public Response mismatchedJson(MismatchedInputException e) {
    return respond(JsonProblems.of(e));
  }

  /** No token, or one nobody issued: RFC 6750 §3 asks for the challenge. */
  @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
  public Response unauthorized() {
    Problem problem = Problem.of(401, "unauthorized", "Unauthorized", "a valid bearer token is required");
    return Response.status(401).header(HttpHeaders.WWW_AUTHENTICATE, BearerTokenMechanism.CHALLENGE)
        .type(Problem.MEDIA_TYPE).entity(problem).build();
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return respond(Problem.of(403, "forbidden", "Forbidden", "token " + caller.name()
        + " may only read; this needs an admin token"));
  }

  /**
   * Framework errors: unknown path (404), wrong method (405), unreadable JSON (400, the reader wraps
   * Jackson's exception), a query parameter {@link QueryParameters} refused (400), and so on.
   */
  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e) {
    if (e.getCause() instanceof ApiProblem problem) {
      return respond(problem.problem());
    }
    int status = e.getResponse().getStatus();
    if (status == 400 && e.getCause() instanceof JsonProcessingException json) {
      return respond(JsonProblems.of(json));
    }
    Response.Status known = Response.Status.fromStatusCode(status);
    String title = known == null ? "Error" : known.getReasonPhrase();
    return respond(Problem.of(status, title.toLowerCase(Locale.ROOT).replace(' ', '-'), title, title));
  }

  /** A unique key that refused a write no resource expected to race (a bulk import, say) is still a 409. */
  @ServerExceptionMapper
  public Response unexpected(Exception e) {
    if (UniqueKeys.violated(e)) {
      return respond(Problem.of(409, "conflict", "Conflict",
          "a concurrent request wrote the same entry first; read it again and retry if still needed"));
    }
    LOG.error("unexpected error in the admin API", e);
    return respond(Problem.of(500, "internal-error", "Internal error", "the server failed; see its log"));
  }

  private static Response respond(Problem problem) {
    return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
  }

  private static String lastNode(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? path : path.substring(dot + 1);
  }
}
