package io.postfleet.maps.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkListTest {

  @Test
  void postfixDefaultLoopbackNetworks() throws Exception {
    NetworkList list = NetworkList.parse(List.of("127.0.0.0/8", "[::ffff:127.0.0.0]/104", "[::1]/128"));

    assertTrue(list.contains(ip("127.0.0.1")));
    assertTrue(list.contains(ip("::1")));
    assertFalse(list.contains(ip("10.0.0.1")));
    assertFalse(list.contains(ip("::2")));
  }

  @Test
  void blanksAreSkippedAndAnEmptyListTrustsNobody() throws Exception {
    assertFalse(NetworkList.parse(List.of()).contains(ip("127.0.0.1")));
    assertFalse(NetworkList.parse(List.of(" ", "")).contains(ip("::1")));
    assertTrue(NetworkList.parse(List.of("", " 198.51.100.7 ")).contains(ip("198.51.100.7")));
  }

  @Test
  void configuredListStopsAtTheFirstBadEntry() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NetworkList.parse(List.of("127.0.0.0/8", "127.0.0.1/8")));
    assertTrue(e.getMessage().contains("\"127.0.0.1/8\""), e.getMessage());
  }

  @Test
  void databaseListSkipsBadEntriesAndKeepsTheOthers() throws Exception {
    List<String> bad = new ArrayList<>();
    NetworkList list = NetworkList.parseSkippingBad(List.of("10.0.0.1/8", " localhost ", "[2001:db8::]/32"),
        (entry, problem) -> bad.add(entry));

    assertEquals(List.of("10.0.0.1/8", "localhost"), bad);
    assertTrue(list.contains(ip("2001:db8::25")));
    assertFalse(list.contains(ip("10.0.0.1")));
  }

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }
}
