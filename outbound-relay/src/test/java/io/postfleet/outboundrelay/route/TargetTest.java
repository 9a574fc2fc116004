package io.postfleet.outboundrelay.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** The {@code relay=} and peer names, written as Postfix writes them. */
class TargetTest {

  @Test
  void ipv6AddressesAreWrittenShortAsRfc5952Says() throws Exception {
    assertEquals("mx[::1]:25", relay("::1"));
    assertEquals("mx[::]:25", relay("0:0:0:0:0:0:0:0"));
    assertEquals("mx[2001:db8::1]:25", relay("2001:db8:0:0:0:0:0:1"));
    assertEquals("mx[1::]:25", relay("1:0:0:0:0:0:0:0"));
    assertEquals("mx[2001:db8:0:1:1:1:1:1]:25", relay("2001:db8:0:1:1:1:1:1"), "one zero group stays");
    assertEquals("mx[2001:0:0:1::1]:25", relay("2001:0:0:1:0:0:0:1"), "the longest run");
    assertEquals("mx[2001:db8::1:0:0:1]:25", relay("2001:db8:0:0:1:0:0:1"), "the first of equal runs");
    assertEquals("mx[192.0.2.1]:25", relay("192.0.2.1"));
  }

  private static String relay(String address) throws UnknownHostException {
    return new Target("mx", InetAddress.getByName(address), 25).relay();
  }
}
