package io.postfleet.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AddressTest {

  @Test
  void aUnicodeDomainIsLookedUpAsItsUts46ALabel() {
    // IDNA2003 would map faß.de onto fass.de, someone else's domain and someone else's mailboxes.
    assertEquals(new Address("jörg", "xn--fa-hia.de"), Address.parse("Jörg@FAß.de."));
    assertEquals(new Address("leser", "xn--bcher-kva.example"), Address.parse("leser@BÜCHER.example"));
    assertEquals(new Address("a", "b.example"), Address.parse("A@B.Example"));
  }

  @Test
  void keysFoldTheSameUnderATurkishDefaultLocale() {
    // This module's tests run under tr_TR (pom.xml), where "I".toLowerCase() is a dotless ı.
    assertEquals("info@mail.example", Address.parse("INFO@MAIL.EXAMPLE").full());
  }

  @Test
  void aDomainThatIsNoNameIsLookedUpAsGiven() {
    assertEquals(new Address("a", "xn--a.ü"), Address.parse("a@xn--a.ü"));
  }
}
