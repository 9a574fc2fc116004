package io.postfleet.smtpingress.checks.greylist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TripletTest {

  @ParameterizedTest
  @CsvSource({
      "192.0.2.77, 192.0.2.0/24",
      "192.0.2.0, 192.0.2.0/24",
      "10.1.255.255, 10.1.255.0/24",
      "::ffff:198.51.100.9, 198.51.100.0/24",
      "2001:db8:1:2:aaaa:bbbb:cccc:1, 2001:db8:1:2::/64",
      "2001:db8::1, 2001:db8::/64",
      "::1, ::/64",
  })
  void clientsAreGroupedByNetwork(String client, String network) throws Exception {
    assertEquals(network, ClientNetwork.of(InetAddress.getByName(client)));
  }

  @ParameterizedTest
  @CsvSource(value = {
      "Alice@Example.COM | alice@example.com",
      "Alice+News@Example.COM | alice@example.com",
      "prvs=1234abcdef=Bounce@example.com | bounce@example.com",
      "SRS0=HHH=TT=orig.example=alice@forwarder.example | alice@orig.example",
      "SRS1=Xyz=fwd1.example==HHH=TT=orig.example=alice+x@fwd2.example | alice@orig.example",
      "SRS0=broken@forwarder.example | srs0=broken@forwarder.example",
      "bounce-12345-678@list.example | bounce-#-#@list.example",
      "user123@example.com | user123@example.com",
      "+only@example.com | +only@example.com",
  }, delimiter = '|')
  void sendersLoseWhatChangesBetweenRetries(String sender, String key) {
    assertEquals(key, SenderKey.sender(sender));
  }

  @Test
  void theNullSenderIsEmpty() {
    assertEquals("", SenderKey.sender(""));
  }

  @ParameterizedTest
  @CsvSource(value = {
      "Bob@Example.org | bob@example.org",
      "Bob+Tag@Example.org | bob@example.org",
      "bob+a+b@example.org | bob@example.org",
      "+x@example.org | +x@example.org",
  }, delimiter = '|')
  void recipientsAreFoldedAndLoseTheirExtension(String recipient, String key) {
    assertEquals(key, SenderKey.recipient(recipient));
  }

  @Test
  void anSpfDomainStandsForTheNetwork() throws Exception {
    InetAddress client = InetAddress.getByName("203.0.113.5");
    assertEquals(new Triplet("spf:gmail.com", "a@gmail.com", "b@example.org"),
        Triplet.of(client, "A@Gmail.com", "b@example.org", Optional.of("Gmail.COM.")));
    assertEquals(new Triplet("203.0.113.0/24", "a@gmail.com", "b@example.org"),
        Triplet.of(client, "A@Gmail.com", "b@example.org", Optional.empty()));
    assertEquals("203.0.113.0/24", Triplet.of(client, "", "b@x", Optional.of(" ")).origin());
  }

  @Test
  void foldingIgnoresTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    try {
      // In Turkish, "I".toLowerCase() is a dotless i; keys must not depend on the pod's locale.
      Locale.setDefault(Locale.forLanguageTag("tr"));
      assertEquals("info@example.com", SenderKey.sender("INFO@EXAMPLE.COM"));
      assertEquals("info@example.com", SenderKey.recipient("INFO+X@EXAMPLE.COM"));
    } finally {
      Locale.setDefault(saved);
    }
  }
}
