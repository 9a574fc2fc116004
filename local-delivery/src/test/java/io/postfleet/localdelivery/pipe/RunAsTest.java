package io.postfleet.localdelivery.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunAsTest {
  private static final List<String> ARGV = List.of("/usr/bin/filter", "a@b.test");

  @Test
  void withoutAUserTheCommandRunsAsWeDo() {
    RunAs.Decision d = RunAs.decide(Optional.empty(), "postfleet", false, u -> "1");
    assertFalse(d.refused());
    assertEquals(ARGV, d.wrap(ARGV));
  }

  @Test
  void rootSwitchesWithSetprivToTheUsersPrimaryGroupOrTheGivenOne() {
    assertEquals(List.of(RunAs.SETPRIV, "--reuid=filter", "--regid=1001", "--init-groups", "--", "/usr/bin/filter",
        "a@b.test"),
        RunAs.decide(Optional.of("filter"), "root", true, u -> u.equals("filter") ? "1001" : null).wrap(ARGV));
    assertEquals(List.of(RunAs.SETPRIV, "--reuid=filter", "--regid=mail", "--init-groups", "--", "/usr/bin/filter",
        "a@b.test"), RunAs.decide(Optional.of("filter:mail"), "root", true, u -> null).wrap(ARGV));
  }

  /** The test JVM's own uid, told apart the same way. */
  @Test
  void knowsWhetherItRunsAsRoot() {
    assertEquals("root".equals(System.getProperty("user.name")), RunAs.runningAsRoot());
  }

  @Test
  void refusesWhatCannotBeHonoured() {
    RunAs.Decision notRoot = RunAs.decide(Optional.of("filter"), "postfleet", false, u -> "1");
    assertTrue(notRoot.refused());
    assertTrue(notRoot.refusal().contains("runs as postfleet, not root"), notRoot.refusal());
    assertFalse(RunAs.decide(Optional.of("postfleet"), "postfleet", false, u -> "1").refused());
    assertTrue(RunAs.decide(Optional.of("root"), "root", true, u -> "0").refused());
    assertTrue(RunAs.decide(Optional.of("nosuchuser"), "root", true, u -> null).refusal().contains("unknown"));
  }
}
