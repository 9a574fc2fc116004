package io.postfleet.smtpingress.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProxyProtocolReaderTest {

  @Test
  void version1NamesTheClientAndLeavesWhatFollowsUnread() throws Exception {
    InputStream in = stream(ascii("PROXY TCP4 192.0.2.10 198.51.100.1 56324 2525\r\nEHLO x\r\n"));
    assertEquals(Optional.of(InetAddress.getByName("192.0.2.10")), ProxyProtocolReader.read(in));
    assertEquals("EHLO x\r\n", new String(in.readAllBytes(), StandardCharsets.US_ASCII));

    assertEquals(Optional.of(InetAddress.getByName("2001:db8::7")), ProxyProtocolReader.read(
        stream(ascii("PROXY TCP6 2001:db8::7 2001:db8::1 4000 25\r\n"))));
    assertEquals(Optional.empty(), ProxyProtocolReader.read(stream(ascii("PROXY UNKNOWN\r\n"))));
    assertEquals(Optional.empty(), ProxyProtocolReader.read(
        stream(ascii("PROXY UNKNOWN ffff:f...f:ffff ffff:f...f:ffff 65535 65535\r\n"))));
  }

  @Test
  void version2NamesTheClientAndLeavesWhatFollowsUnread() throws Exception {
    InputStream in = stream(
        v2(0x21, 0x11, new byte[] {(byte) 203, 0, 113, 9, (byte) 198, 51, 100, 1, 0x10, 0, 0x09, (byte) 0xc4}),
        ascii("\u0016TLS"));
    assertEquals(Optional.of(InetAddress.getByName("203.0.113.9")), ProxyProtocolReader.read(in));
    assertEquals("\u0016TLS", new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));

    byte[] v6 = new byte[36];
    v6[0] = 0x20;
    v6[1] = 0x01;
    v6[2] = 0x0d;
    v6[3] = (byte) 0xb8;
    v6[15] = 7;
    assertEquals(Optional.of(InetAddress.getByName("2001:db8::7")),
        ProxyProtocolReader.read(stream(v2(0x21, 0x21, v6))));
    // LOCAL (a health check) and UNIX sockets keep the connection's own address; TLVs are skipped.
    assertEquals(Optional.empty(), ProxyProtocolReader.read(stream(v2(0x20, 0x00, new byte[0]))));
    assertEquals(Optional.empty(), ProxyProtocolReader.read(stream(v2(0x21, 0x31, new byte[216]))));
    byte[] withTlv = new byte[12 + 7];
    withTlv[0] = 10;
    withTlv[3] = 1;
    assertEquals(Optional.of(InetAddress.getByName("10.0.0.1")),
        ProxyProtocolReader.read(stream(v2(0x21, 0x11, withTlv))));
  }

  @Test
  void anythingElseIsRefused() {
    for (String bad : new String[] {"EHLO client.example\r\n", "PROXY TCP4 192.0.2.10 198.51.100.1 56324\r\n",
        "PROXY TCP4 999.0.2.10 198.51.100.1 1 2\r\n", "PROXY TCP4 2001:db8::1 198.51.100.1 1 2\r\n",
        "PROXY TCP6 192.0.2.1 2001:db8::1 1 2\r\n", "PROXY TCP4 192.0.2.10 198.51.100.1 70000 25\r\n",
        "PROXY TCP4 192.0.2.10 198.51.100.1 1 2\n", "PROXY TCP4 evil.example 198.51.100.1 1 2\r\n",
        "PROXY " + "X".repeat(120) + "\r\n"}) {
      assertThrows(ProxyProtocolReader.MalformedProxyHeaderException.class,
          () -> ProxyProtocolReader.read(stream(ascii(bad))), bad);
    }
    assertThrows(ProxyProtocolReader.MalformedProxyHeaderException.class,
        () -> ProxyProtocolReader.read(stream(v2(0x31, 0x11, new byte[12]))));
    assertThrows(ProxyProtocolReader.MalformedProxyHeaderException.class,
        () -> ProxyProtocolReader.read(stream(v2(0x21, 0x11, new byte[8]))));
    assertThrows(EOFException.class, () -> ProxyProtocolReader.read(stream(ascii("PROXY TCP4 1.2"))));
  }

  private static byte[] v2(int versionCommand, int family, byte[] body) {
    ByteBuffer b = ByteBuffer.allocate(16 + body.length);
    b.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
    b.put((byte) versionCommand).put((byte) family).putShort((short) body.length).put(body);
    return b.array();
  }

  private static InputStream stream(byte[]... parts) throws IOException {
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      all.write(p);
    }
    return new ByteArrayInputStream(all.toByteArray());
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
