package io.postfleet.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipeCommandTest {
  private static final Map<String, String> VALUES = Map.of(
      "sender", "a b@x.test", "recipient", "list+tag@lists.y.test", "original_recipient", "List@lists.y.test",
      "nexthop", "lists.y.test", "user", "list", "extension", "tag", "domain", "lists.y.test", "queue_id", "4F2A9C");

  private static List<String> argv(String command) {
    return PipeCommand.parse(command).argv(VALUES);
  }

  @Test
  void splitsAtWhitespaceAndExpandsInsideEachWord() {
    assertEquals(List.of("/usr/bin/deliver", "-f", "a b@x.test", "--", "list+tag@lists.y.test"),
        argv("/usr/bin/deliver  -f ${sender}\t-- ${recipient}"));
    assertEquals(List.of("/bin/x", "list@lists.y.test", "4F2A9C.msg", "tag"),
        argv("/bin/x ${user}@${domain} $queue_id.msg $extension"));
    assertEquals("/bin/x", PipeCommand.parse("/bin/x ${user}").program());
  }

  /** An expansion with spaces stays one argument; an empty one is still an argument. */
  @Test
  void anExpansionNeverSplitsOrJoinsArguments() {
    assertEquals(List.of("/bin/x", "from=a b@x.test"), argv("/bin/x from=${sender}"));
    assertEquals(List.of("/bin/x", "", "y"), PipeCommand.parse("/bin/x ${extension} y")
        .argv(Map.of("sender", "", "recipient", "", "original_recipient", "", "nexthop", "", "user", "",
            "extension", "", "domain", "", "queue_id", "")));
  }

  @Test
  void doubleQuotesGroupWordsWithSpaces() {
    assertEquals(List.of("/opt/my tool/run", "two words list", "say \"hi\" \\", "", "a$b"),
        argv("\"/opt/my tool/run\" \"two words ${user}\" \"say \\\"hi\\\" \\\\\" \"\" a$$b"));
  }

  @Test
  void refusesUnknownMacrosNamingThem() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PipeCommand.parse("/bin/x ${client_address}"));
    assertTrue(e.getMessage().contains("${client_address}"), e.getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> PipeCommand.parse("/bin/x $size"))
        .getMessage().contains("${size}"));
  }

  @Test
  void refusesWhatIsNoCommand() {
    for (String bad : new String[] {"", "  ", "bin/x", "${user}/x", "/bin/${user}", "/bin/x \"open", "/bin/x ${user",
        "/bin/x $", "/bin/x $ y", "/" + "x".repeat(PipeCommand.MAX_LENGTH)}) {
      assertThrows(IllegalArgumentException.class, () -> PipeCommand.parse(bad), bad);
    }
  }
}
