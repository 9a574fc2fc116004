package io.postfleet.queuemanager.admin;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place where failures become problem+json responses. */
public class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

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

  /** Framework errors: unknown path (404), wrong method (405), unreadable JSON (400), and so on. */
  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    Response.Status known = Response.Status.fromStatusCode(status);
    String title = known == null ? "Error" : known.getReasonPhrase();
    String detail = status == 400 ? "the request body is not valid JSON for this resource" : title;
    return respond(Problem.of(status, title.toLowerCase(Locale.ROOT).replace(' ', '-'), title, detail));
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e) {
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
