package io.postfleet.queuemanager.admin;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * The database's unique keys decide which of two racing creates wins. A resource may look first to
 * answer the common case without a failed insert, but only the insert itself can tell: the second of
 * two concurrent inserts of a key waits for the first to commit and then fails with PostgreSQL's
 * unique_violation, which becomes the resource's 409 instead of a 500.
 */
public final class UniqueKeys {
  /** SQLSTATE unique_violation (PostgreSQL Appendix A, class 23: integrity constraint violation). */
  private static final String UNIQUE_VIOLATION = "23505";

  private UniqueKeys() {}

  /** Inserts the entity now, so that a duplicate key fails here, as {@code duplicate}. */
  public static void insert(PanacheEntityBase entity, Supplier<ApiProblem> duplicate) {
    try {
      entity.persistAndFlush();
    } catch (RuntimeException e) {
      if (violated(e)) {
        throw duplicate.get();
      }
      throw e;
    }
  }

  /** Whether a unique key refused the write, however deep the driver's exception is wrapped. */
  public static boolean violated(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
