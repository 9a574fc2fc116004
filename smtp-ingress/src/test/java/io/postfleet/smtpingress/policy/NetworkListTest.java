package io.postfleet.smtpingress.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkListTest {

  @Test
  void defaultLoopbackNetworks() throws Exception {
    NetworkList list = NetworkList.parse(List.of("127.0.0.0/8", "::1/128"));

    assertTrue(list.contains(ip("127.0.0.1")));
    assertTrue(list.contains(ip("127.255.3.4")));
    assertTrue(list.contains(ip("::1")));
    assertFalse(list.contains(ip("128.0.0.1")));
    assertFalse(list.contains(ip("10.0.0.1")));
    assertFalse(list.contains(ip("::2")));
  }

  @Test
  void prefixBoundariesThatAreNotByteAligned() throws Exception {
    NetworkList list = NetworkList.parse(List.of("192.0.2.0/23", "2001:db8:8000::/33"));

    assertTrue(list.contains(ip("192.0.2.1")));
    assertTrue(list.contains(ip("192.0.3.255")));
    assertFalse(list.contains(ip("192.0.4.0")));
    assertFalse(list.contains(ip("192.0.1.255")));
    assertTrue(list.contains(ip("2001:db8:8000::1")));
    assertTrue(list.contains(ip("2001:db8:ffff:ffff::1")));
    assertFalse(list.contains(ip("2001:db8:7fff::1")));
  }

  @Test
  void singleAddressesBracketsZeroPrefixAndBlanks() throws Exception {
    NetworkList list = NetworkList.parse(List.of(" 198.51.100.7 ", "[2001:db8::1]", "", "[2001:db8:1::]/48"));

    assertTrue(list.contains(ip("198.51.100.7")));
    assertFalse(list.contains(ip("198.51.100.8")));
    assertTrue(list.contains(ip("2001:db8::1")));
    assertTrue(list.contains(ip("2001:db8:1:2::3")));
    assertTrue(NetworkList.parse(List.of("0.0.0.0/0")).contains(ip("203.0.113.9")));
    assertFalse(NetworkList.parse(List.of("0.0.0.0/0")).contains(ip("::1")));
  }

  @Test
  void ipv4MappedClientAddressMatchesIpv4Networks() throws Exception {
    // A dual-stack listener may see IPv4 clients as ::ffff:a.b.c.d; Java hands them over as IPv4.
    assertTrue(NetworkList.parse(List.of("127.0.0.0/8")).contains(ip("::ffff:127.0.0.1")));
  }

  @Test
  void emptyListTrustsNobody() throws Exception {
    assertFalse(NetworkList.parse(List.of()).contains(ip("127.0.0.1")));
    assertFalse(NetworkList.parse(List.of(" ", "")).contains(ip("::1")));
  }

  @Test
  void malformedEntriesAreRefusedWithTheEntryNamed() {
    for (String bad : new String[] {"127.0.0/8", "300.0.0.0/8", "10.0.0.0/33", "::1/129", "10.0.0.0/x",
        "localhost", "2001:db8::g/32", "10.0.0.0/-1"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> NetworkList.parse(List.of(bad)), bad);
      assertTrue(e.getMessage().contains(bad), e.getMessage());
    }
  }

  @Test
  void hostBitsBeyondThePrefixAreRefusedLikePostfixDoes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NetworkList.parse(List.of("127.0.0.1/8")));
    assertEquals("non-null host address bits in \"127.0.0.1/8\", perhaps you should use "
        + "\"127.0.0.0/8\"", e.getMessage());
  }

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }
}
