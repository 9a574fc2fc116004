package io.postfleet.queuemanager.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NamesTest {

  @Test
  void domainsAreStoredAsTheirUts46ALabel() {
    // IDNA2003 stored faß.de as fass.de: a second domain's mail would land in these mailboxes.
    assertEquals("xn--fa-hia.de", Names.domain("FAß.de."));
    assertEquals("xn--bcher-kva.example", Names.domain("Bücher.example"));
    assertEquals("leser@xn--bcher-kva.example", Names.address("Leser@BÜCHER.example"));
    assertEquals("faß.de", Names.unicodeOf("xn--fa-hia.de"));
    assertNull(Names.unicodeOf("plain.example"));
  }

  @Test
  void namesThatAreNoHostNamesAreRefused() {
    for (String bad : new String[] {"xn--a.example", "a..example", "-a.example", "a_b.example", "a b.example"}) {
      ApiProblem problem = assertThrows(ApiProblem.class, () -> Names.domain(bad), bad);
      assertEquals(400, problem.problem().status(), bad);
    }
  }
}
