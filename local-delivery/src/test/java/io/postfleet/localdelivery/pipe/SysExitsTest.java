package io.postfleet.localdelivery.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.DeliveryOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SysExitsTest {
  private static DeliveryOutcome exited(int status, String output) {
    return SysExits.outcome(new CommandRun(CommandRun.Ending.EXITED, status, output), "/usr/bin/filter ${recipient}");
  }

  /** Golden table after Postfix's global/sys_exits.c: the code, and whether it defers or bounces. */
  @ParameterizedTest
  @CsvSource({
      "0, Delivered, 2.0.0",
      "64, Bounced, 5.3.0",
      "65, Bounced, 5.6.0",
      "66, Bounced, 5.3.0",
      "67, Bounced, 5.1.1",
      "68, Bounced, 5.1.2",
      "69, Bounced, 5.3.0",
      "70, Bounced, 5.3.0",
      "71, Deferred, 4.3.0",
      "72, Bounced, 5.3.0",
      "73, Bounced, 5.2.0",
      "74, Bounced, 5.3.0",
      "75, Deferred, 4.3.0",
      "76, Bounced, 5.5.0",
      "77, Bounced, 5.7.0",
      "78, Bounced, 5.3.5",
      "1, Bounced, 5.3.0",
      "63, Bounced, 5.3.0",
      "79, Bounced, 5.3.0",
      "255, Bounced, 5.3.0",
  })
  void mapsExitStatusesAsPostfixDoes(int status, String kind, String dsn) {
    DeliveryOutcome outcome = exited(status, "");
    assertEquals(kind, outcome.getClass().getSimpleName());
    assertEquals(dsn, outcome.dsnStatus());
    assertEquals("pipe", outcome.relay());
  }

  @Test
  void theCommandOutputIsInTheDetail() {
    assertEquals("user unknown. Command output: no such list: announce", exited(67, "no such list: announce").detail());
    assertEquals("temporary failure. Command output: db locked", exited(75, "db locked").detail());
    assertEquals("Command died with status 1: \"/usr/bin/filter ${recipient}\". Command output: oops",
        exited(1, "oops").detail());
    assertEquals("Command died with status 2: \"/usr/bin/filter ${recipient}\"", exited(2, "").detail());
  }

  /** Output that starts with an enhanced status code says what happened, before the exit status does. */
  @Test
  void anEnhancedCodeInTheOutputWins() {
    DeliveryOutcome soft = exited(67, "4.7.1 greylisted, try later");
    assertEquals(new DeliveryOutcome.Deferred("4.7.1", "pipe", "greylisted, try later"), soft);
    assertEquals(new DeliveryOutcome.Bounced("5.7.1", "pipe", "spam refused"), exited(1, "5.7.1 spam refused"));
    assertEquals("Bounced", exited(75, "5.1.1").getClass().getSimpleName());
    // Only at the start, and never for a command that succeeded.
    assertEquals("4.3.0", exited(75, "error 5.1.1 somewhere").dsnStatus());
    assertEquals("2.0.0", exited(0, "5.1.1 ignored").dsnStatus());
  }

  @Test
  void signalsTimeoutsAndUnstartableCommandsDefer() {
    DeliveryOutcome signalled = SysExits.outcome(new CommandRun(CommandRun.Ending.SIGNALLED, 9, "half"), "/bin/x");
    assertEquals(new DeliveryOutcome.Deferred("4.3.0", "pipe",
        "Command died with signal 9: \"/bin/x\". Command output: half"), signalled);
    DeliveryOutcome late = SysExits.outcome(new CommandRun(CommandRun.Ending.TIMED_OUT, 0, ""), "/bin/x");
    assertEquals(new DeliveryOutcome.Deferred("4.3.0", "pipe", "Command time limit exceeded: \"/bin/x\""), late);
    DeliveryOutcome missing = SysExits.outcome(new CommandRun(CommandRun.Ending.NOT_STARTED, 0, "cannot run /bin/x"),
        "/bin/x");
    assertTrue(missing instanceof DeliveryOutcome.Deferred && missing.dsnStatus().equals("4.3.0"), missing.toString());
  }
}
