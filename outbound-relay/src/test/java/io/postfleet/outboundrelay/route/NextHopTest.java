package io.postfleet.outboundrelay.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NextHopTest {

  @Test
  void domainIsLookedUpByMxOnTheDefaultPort() {
    assertEquals(new NextHop("outside.test", 25, false), NextHop.parse("outside.test", 25));
  }

  @Test
  void bracketsSkipTheMxLookup() {
    assertEquals(new NextHop("127.0.0.1", 2525, true), NextHop.parse("[127.0.0.1]:2525", 25));
    assertEquals(new NextHop("relay.test", 25, true), NextHop.parse("[relay.test]", 25));
    assertEquals(new NextHop("::1", 587, true), NextHop.parse("[::1]:587", 25));
  }

  @Test
  void malformedNextHopsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> NextHop.parse("[127.0.0.1", 25));
    assertThrows(IllegalArgumentException.class, () -> NextHop.parse("[127.0.0.1]x", 25));
    assertThrows(IllegalArgumentException.class, () -> NextHop.parse("[127.0.0.1]:smtp", 25));
    assertThrows(IllegalArgumentException.class, () -> NextHop.parse("[127.0.0.1]:70000", 25));
    assertThrows(IllegalArgumentException.class, () -> NextHop.parse(" ", 25));
  }
}
