package io.postfleet.localdelivery.pipe;

import io.postfleet.contract.DeliveryOutcome;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where a pipe command's ending becomes delivered, deferred or bounced, as Postfix's
 * {@code global/pipe_command.c} with {@code global/sys_exits.c} decide it: 0 delivers; a signal
 * defers; otherwise output that starts with an RFC 3463 code ({@code 4.x.x text} / {@code 5.x.x
 * text}) speaks for itself; else a sendmail exit status (64–78) gives its own code, deferring only
 * where that code is 4.x.x (EX_OSERR, EX_TEMPFAIL); any other status bounces 5.3.0. Where Postfix
 * bounces a command that ran out of time (5.3.0), we defer 4.3.0: a timeout is a transient cause.
 * A command that could not be started defers, as Postfix's child exits EX_TEMPFAIL then.
 */
final class SysExits {
  static final String RELAY = "pipe";
  private static final Pattern DSN = Pattern.compile("([45])\\.(\\d{1,3})\\.(\\d{1,3})(?:\\s+(.*))?", Pattern.DOTALL);

  /** sysexits.h 64 (EX_USAGE) to 78 (EX_CONFIG): the enhanced code and text of sys_exits.c. */
  private static final String[][] TABLE = {
      {"5.3.0", "command line usage error"},
      {"5.6.0", "data format error"},
      {"5.3.0", "cannot open input"},
      {"5.1.1", "user unknown"},
      {"5.1.2", "host name unknown"},
      {"5.3.0", "service unavailable"},
      {"5.3.0", "internal software error"},
      {"4.3.0", "system resource problem"},
      {"5.3.0", "critical OS file missing"},
      {"5.2.0", "can't create user output file"},
      {"5.3.0", "input/output error"},
      {"4.3.0", "temporary failure"},
      {"5.5.0", "remote error in protocol"},
      {"5.7.0", "permission denied"},
      {"5.3.5", "local configuration error"},
  };
  private static final int EX_BASE = 64;

  private SysExits() {}

  /** @param command the transport's command, named in the detail as Postfix names it */
  static DeliveryOutcome outcome(CommandRun run, String command) {
    String output = run.output().isEmpty() ? "" : ". Command output: " + run.output();
    String quoted = "\"" + command + "\"";
    switch (run.ending()) {
      case NOT_STARTED :
        return new DeliveryOutcome.Deferred("4.3.0", RELAY, "Command could not be started: " + run.output());
      case TIMED_OUT :
        return new DeliveryOutcome.Deferred("4.3.0", RELAY, "Command time limit exceeded: " + quoted + output);
      case SIGNALLED :
        return new DeliveryOutcome.Deferred("4.3.0", RELAY,
            "Command died with signal " + run.status() + ": " + quoted + output);
      default :
        break;
    }
    int status = run.status();
    if (status == 0) {
      return new DeliveryOutcome.Delivered("2.0.0", RELAY, "delivered via pipe: " + command);
    }
    Matcher dsn = DSN.matcher(run.output());
    if (dsn.matches()) {
      String code = dsn.group(1) + "." + dsn.group(2) + "." + dsn.group(3);
      String text = dsn.group(4) == null ? "command failed" : dsn.group(4);
      return classed(code, text);
    }
    if (status >= EX_BASE && status < EX_BASE + TABLE.length) {
      String[] entry = TABLE[status - EX_BASE];
      return classed(entry[0], entry[1] + output);
    }
    return new DeliveryOutcome.Bounced("5.3.0", RELAY, "Command died with status " + status + ": " + quoted + output);
  }

  private static DeliveryOutcome classed(String code, String detail) {
    return code.startsWith("4")
        ? new DeliveryOutcome.Deferred(code, RELAY, detail)
        : new DeliveryOutcome.Bounced(code, RELAY, detail);
  }
}
