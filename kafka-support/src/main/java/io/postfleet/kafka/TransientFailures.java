package io.postfleet.kafka;

import io.postfleet.contract.NewerRecordVersionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Tells a failure that is not the record's fault, and must simply wait, from one that may be. A
 * record is set aside only for the second kind: were PostgreSQL or the broker down, every record
 * would fail, and setting them aside would empty the queue into the dead letters instead of
 * letting the mail wait, as Postfix's queue waits out a dead disk or network ("4.3.0 temporary
 * failure", never a bounce). Everything not listed here counts against the record (a bug triggered
 * by its content, a constraint it violates): retried a few times, then set aside, so it stops
 * blocking the records behind it. A transient cause that lasts is still seen: the age of the
 * oldest uncommitted record grows, and readiness goes down.
 */
public final class TransientFailures {
  private TransientFailures() {}

  /** True when anything in the cause chain is transient. */
  public static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (transientItself(t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean transientItself(Throwable t) {
    // Kafka's own verdict: timeouts, no leader, not enough replicas, a broker gone (not "record too large").
    if (t instanceof TransientFailureException) {
      return true;
    }
    if (t instanceof RetriableException || t instanceof TimeoutException) {
      return true;
    }
    // A record of a newer contract version waits for an upgraded pod.
    if (t instanceof NewerRecordVersionException || t instanceof InterruptedException) {
      return true;
    }
    // Disk full, a volume gone, a socket reset: the filesystem or the network, not the record.
    if (t instanceof IOException || t instanceof UncheckedIOException) {
      return true;
    }
    if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
      return true;
    }
    return t instanceof SQLException sql && transientSqlState(sql.getSQLState());
  }

  /**
   * PostgreSQL's SQLSTATE classes (its manual, appendix A): 08 connection, 40 rollback
   * (serialization, deadlock), 53 resources (disk full, too many connections), 57 operator
   * intervention (shutdown, cannot connect now), 58 system error (I/O), 55P03 lock not available.
   * No state at all comes from the pool (acquisition timeout), not from the server. The rest (22
   * data, 23 constraint, 42 statement) are about what was written.
   */
  private static boolean transientSqlState(String state) {
    if (state == null || state.length() < 2) {
      return true;
    }
    String sqlClass = state.substring(0, 2).toUpperCase(Locale.ROOT);
    return switch (sqlClass) {
      case "08", "40", "53", "57", "58" -> true;
      default -> "55P03".equals(state.toUpperCase(Locale.ROOT));
    };
  }
}
