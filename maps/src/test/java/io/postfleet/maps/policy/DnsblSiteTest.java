package io.postfleet.maps.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.maps.policy.DnsblSite.OctetRange;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsblSiteTest {

  @Test
  void plainZoneCountsAnyAnswerWithWeightOne() {
    DnsblSite site = DnsblSite.parse("Zen.Spamhaus.ORG.");

    assertEquals(new DnsblSite("zen.spamhaus.org", List.of(), 1), site);
    assertTrue(site.matches(ip("127.0.0.2")));
    assertTrue(site.matches(ip("127.0.0.11")));
  }

  @Test
  void exactFilterAndWeight() {
    DnsblSite site = DnsblSite.parse("bl.example=127.0.0.2*3");

    assertEquals("bl.example", site.zone());
    assertEquals(3, site.weight());
    assertTrue(site.matches(ip("127.0.0.2")));
    assertFalse(site.matches(ip("127.0.0.3")));
    assertFalse(site.matches(ip("127.0.1.2")));
  }

  @Test
  void rangeIncludesBothEnds() {
    DnsblSite site = DnsblSite.parse("zen.spamhaus.org=127.0.0.[2..11]");

    assertFalse(site.matches(ip("127.0.0.1")));
    assertTrue(site.matches(ip("127.0.0.2")));
    assertTrue(site.matches(ip("127.0.0.4")));
    assertTrue(site.matches(ip("127.0.0.11")));
    assertFalse(site.matches(ip("127.0.0.12")));
  }

  @Test
  void listAndMixedListOfNumbersAndRanges() {
    DnsblSite list = DnsblSite.parse("bl.example=127.0.0.[2;4;6]");
    DnsblSite mixed = DnsblSite.parse("bl.example=127.0.0.[1;3..5]");

    assertTrue(list.matches(ip("127.0.0.4")));
    assertFalse(list.matches(ip("127.0.0.5")));
    assertEquals(List.of(new OctetRange(1, 1), new OctetRange(3, 5)), mixed.filter().get(3));
    assertTrue(mixed.matches(ip("127.0.0.1")));
    assertFalse(mixed.matches(ip("127.0.0.2")));
    assertTrue(mixed.matches(ip("127.0.0.5")));
  }

  @Test
  void negativeWeightAllowlistWithRangesInTwoOctets() {
    DnsblSite site = DnsblSite.parse("list.dnswl.org=127.0.[0..255].[1..3]*-5");

    assertEquals(-5, site.weight());
    assertTrue(site.matches(ip("127.0.15.3")));
    assertFalse(site.matches(ip("127.0.15.0")));
    assertFalse(site.matches(ip("127.1.15.1")));
  }

  @Test
  void badSpecsSayWhatIsWrong() {
    assertRejected("", "zone must be a domain name");
    assertRejected("=127.0.0.2", "zone must be a domain name");
    assertRejected("bl..example", "'' is not a domain name label");
    assertRejected("bl-.example", "'bl-' is not a domain name label");
    assertRejected("bl.example*x", "weight 'x' is not an integer");
    assertRejected("bl.example*0", "weight 0 would never count");
    assertRejected("bl.example=127.0.2", "four octets, not 3");
    assertRejected("bl.example=127.0.0.2.1", "four octets, not 5");
    assertRejected("bl.example=127.0.0.256", "'256' is not an octet");
    assertRejected("bl.example=127.0.0.[2..11", "'[' without ']'");
    assertRejected("bl.example=127.0.0.[11..2]", "runs backwards");
    assertRejected("bl.example=127.0.0.[2;;4]", "'' is not an octet");
    assertRejected("bl.example=127.0.0.[2]x", "expected '.' after octet 4");
    assertRejected("bl.example=127.0.0.", "'' is not an octet");
  }

  private static void assertRejected(String spec, String why) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DnsblSite.parse(spec));
    assertTrue(e.getMessage().startsWith("DNSBL site '" + spec + "': "), e.getMessage());
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }

  private static Inet4Address ip(String literal) {
    try {
      return (Inet4Address) InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
