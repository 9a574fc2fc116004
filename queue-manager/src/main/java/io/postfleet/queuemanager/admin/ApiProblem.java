package io.postfleet.queuemanager.admin;

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
}
