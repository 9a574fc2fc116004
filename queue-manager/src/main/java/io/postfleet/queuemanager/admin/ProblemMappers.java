package io.postfleet.queuemanager.admin;

import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
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

  /**
   * JSON of the wrong shape for a field ({@code "format":"MH"}, a string for a number): without
   * this, Quarkus's own mapper answers with a JSON body that is no problem.
   */
  @ServerExceptionMapper
  public Response mismatchedInput(MismatchedInputException e) {
    String field = e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."));
    Class<?> type = e instanceof InvalidFormatException f ? f.getTargetType() : null;
    String detail = type != null && type.isEnum()
        ? field + ": must be one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
            .collect(Collectors.joining(", "))
        : field + ": not a value of the expected type";
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
