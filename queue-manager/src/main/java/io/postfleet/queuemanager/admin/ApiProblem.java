package io.postfleet.queuemanager.admin;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** Thrown by resources for every expected failure; {@link ProblemMappers} renders it. */
public final class ApiProblem extends RuntimeException {
  private final transient Problem problem;

  private ApiProblem(Problem problem) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }

  public static ApiProblem of(Problem problem) {
    return new ApiProblem(problem);
  }

  public static ApiProblem notFound(String what, String key) {
    return new ApiProblem(Problem.of(404, "not-found", "Not found", what + " " + key + " does not exist"));
  }

  public static ApiProblem conflict(String detail) {
    return new ApiProblem(Problem.of(409, "conflict", "Conflict", detail));
  }

  /** A conflict with the server's own state or configuration, with a code clients can act on. */
  public static ApiProblem conflict(String code, String detail) {
    return new ApiProblem(Problem.of(409, code, "Conflict", detail));
  }

  public static ApiProblem unavailable(String detail) {
    return new ApiProblem(Problem.of(503, "unavailable", "Service unavailable", detail));
  }

  public static ApiProblem forbidden(String detail) {
    return new ApiProblem(Problem.of(403, "forbidden", "Forbidden", detail));
  }

  public static ApiProblem invalid(String detail) {
    return new ApiProblem(Problem.of(400, "invalid-request", "Invalid request", detail));
  }

  /** A query parameter whose value is not one of {@code allowed}. */
  public static ApiProblem invalidParameter(String name, String detail, List<String> allowed) {
    return new ApiProblem(Problem.of(400, "invalid-parameter", "Invalid query parameter", detail)
        .withParameter(name, allowed));
  }

  /**
   * Parses a body field the request cannot do without: absent, it is a {@code missing-field}
   * problem; present but refused by {@code parse}, the 400 names the field.
   */
  public static <V, T> T required(String field, V value, Function<V, T> parse) {
    if (value == null) {
      throw new ApiProblem(Problem.of(400, "missing-field", "Missing field", field + " is required")
          .withField(field));
    }
    return inField(field, () -> parse.apply(value));
  }

  /** Runs a check of one body field, so that a 400 it throws names the field. */
  public static <T> T inField(String field, Supplier<T> check) {
    try {
      return check.get();
    } catch (ApiProblem e) {
      if (e.problem.status() == 400 && e.problem.field() == null) {
        throw new ApiProblem(e.problem.withField(field));
      }
      throw e;
    }
  }
}
