package io.postfleet.maps.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      // Postfix's own syntax: IPv6 in brackets, prefix outside them.
      "1.2.3.0/24              | 1.2.3.0/24",
      "[::1]/128               | ::1/128",
      "[2001:DB8::]/32         | 2001:db8::/32",
      "[::ffff:127.0.0.0]/104  | ::ffff:127.0.0.0/104",
      // Accepted beside it: IPv6 without brackets, single addresses, the whole space.
      "::1/128                 | ::1/128",
      "2001:db8:0:0:0:0:0:0/32 | 2001:db8::/32",
      "192.0.2.7               | 192.0.2.7/32",
      "[192.0.2.7]             | 192.0.2.7/32",
      "[2001:db8::1]           | 2001:db8::1/128",
      "0.0.0.0/0               | 0.0.0.0/0",
      "'  10.0.0.0/8  '        | 10.0.0.0/8",
      // RFC 5952: the longest run of zero groups, the first of two equal ones, never a single one.
      "2001:0:0:1:0:0:0:0/128  | 2001:0:0:1::/128",
      "2001:db8:0:0:1:0:0:1    | 2001:db8::1:0:0:1/128",
      "2001:db8:0:1:1:1:1:1    | 2001:db8:0:1:1:1:1:1/128",
  })
  void acceptedEntriesAndTheirCanonicalForm(String entry, String canonical) {
    assertEquals(canonical, Cidr.parse(entry).toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/24", "127.0.0/8", "127.1", "300.0.0.0/8", "010.0.0.0/8", "10.0.0.0/33",
      "10.0.0.0/", "10.0.0.0/x", "10.0.0.0/-1", "10.0.0.0/+8", "::1/129", "[::1/128]", "[::1", "::1]",
      "localhost", "abc", "mail.example.test/32", "2001:db8::g/32", "fe80::1%eth0", "1:2:3:4:5:6:7:8:9",
      "10.0.0.0 /8"})
  void malformedEntriesAreRefusedWithTheEntryNamed(String bad) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(bad));
    assertTrue(e.getMessage().contains("\"" + bad.strip() + "\""), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "127.0.0.1/8          | 127.0.0.0/8",
      "10.1.2.3/16          | 10.1.0.0/16",
      "192.0.2.1/31         | 192.0.2.0/31",
      "[2001:db8::1]/32     | 2001:db8::/32",
      "2001:db8:8000::/32   | 2001:db8::/32",
  })
  void hostBitsBeyondThePrefixAreRefusedWithPostfixsHint(String entry, String meant) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(entry));
    assertEquals("non-null host address bits in \"" + entry + "\", perhaps you should use \"" + meant
        + "\" instead", e.getMessage());
  }

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      "127.0.0.0/8            | 127.0.0.1        | true",
      "127.0.0.0/8            | 127.255.3.4      | true",
      "127.0.0.0/8            | 128.0.0.1        | false",
      "192.0.2.0/23           | 192.0.3.255      | true",
      "192.0.2.0/23           | 192.0.4.0        | false",
      "192.0.2.0/23           | 192.0.1.255      | false",
      "2001:db8:8000::/33     | 2001:db8:ffff::1 | true",
      "2001:db8:8000::/33     | 2001:db8:7fff::1 | false",
      "[::1]/128              | ::1              | true",
      "::1/128                | ::2              | false",
      "0.0.0.0/0              | 203.0.113.9      | true",
      "0.0.0.0/0              | ::1              | false",
      "::/0                   | 127.0.0.1        | false",
      // Java turns a mapped client into IPv4: it meets IPv4 networks and mapped ones alike.
      "127.0.0.0/8            | ::ffff:127.0.0.1 | true",
      "[::ffff:127.0.0.0]/104 | 127.0.0.1        | true",
      "[::ffff:127.0.0.0]/104 | 128.0.0.1        | false",
  })
  void matching(String network, String client, boolean expected) throws Exception {
    assertEquals(expected, Cidr.parse(network).contains(InetAddress.getByName(client)));
  }
}
