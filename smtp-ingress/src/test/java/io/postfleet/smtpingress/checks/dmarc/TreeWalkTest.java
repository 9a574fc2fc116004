package io.postfleet.smtpingress.checks.dmarc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TreeWalkTest {

  @Test
  void walksLabelByLabelDownToThePublicSuffix() {
    assertEquals(List.of("a.b.parent.test", "b.parent.test", "parent.test", "test"), TreeWalk.names("a.b.parent.test"));
    assertEquals(List.of("mail.example.co.uk", "example.co.uk", "co.uk"), TreeWalk.names("mail.example.co.uk"));
    assertEquals(List.of("co.uk"), TreeWalk.names("co.uk"));
    assertEquals(List.of("test"), TreeWalk.names("test"));
  }

  @Test
  void aLongNameJumpsToItsLastSevenLabels() {
    // RFC 9989 §4.10: after the first query, a name of 8 or more labels is cut to 7.
    assertEquals(List.of("l1.l2.l3.l4.l5.l6.l7.l8.x.test", "l4.l5.l6.l7.l8.x.test", "l5.l6.l7.l8.x.test",
        "l6.l7.l8.x.test", "l7.l8.x.test", "l8.x.test", "x.test", "test"),
        TreeWalk.names("l1.l2.l3.l4.l5.l6.l7.l8.x.test"));
    assertEquals(List.of("a.b.c.d.e.f.g.test", "b.c.d.e.f.g.test", "c.d.e.f.g.test", "d.e.f.g.test", "e.f.g.test",
        "f.g.test", "g.test", "test"), TreeWalk.names("a.b.c.d.e.f.g.test"));
  }

  @Test
  void publicSuffixListGivesTheFallbackOrganizationalDomain() {
    assertEquals("example.co.uk", TreeWalk.publicSuffixOrganizationalDomain("a.b.example.co.uk"));
    assertEquals("co.uk", TreeWalk.publicSuffixOrganizationalDomain("co.uk"));
    assertEquals("spacex.test", TreeWalk.publicSuffixOrganizationalDomain("mail.spacex.test"));
    assertEquals("shop.test", TreeWalk.childOf("test", "a.b.shop.test"));
  }
}
