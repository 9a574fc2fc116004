package io.postfleet.smtp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServerExtensionsTest {

  @Test
  void keywordsAreCaseInsensitiveAndTheServerNameIsNotOne() throws IOException {
    ServerExtensions ext = parse("250-mx.test Hello\r\n250-pipelining\r\n250-SIZE 10240000\r\n"
        + "250-8BITMIME\r\n250-STARTTLS\r\n250 DSN\r\n");

    assertTrue(ext.has("PIPELINING"));
    assertTrue(ext.has("starttls"));
    assertTrue(ext.has("DSN"));
    assertFalse(ext.has("SMTPUTF8"));
    assertFalse(ext.has("mx.test"));
    assertEquals(OptionalLong.of(10240000), ext.sizeLimit());
  }

  @Test
  void sizeWithoutLimitOrZeroOrNonsenseLimitsNothing() throws IOException {
    assertEquals(OptionalLong.empty(), parse("250-mx\r\n250 SIZE\r\n").sizeLimit());
    assertEquals(OptionalLong.empty(), parse("250-mx\r\n250 SIZE 0\r\n").sizeLimit());
    assertEquals(OptionalLong.empty(), parse("250-mx\r\n250 SIZE lots\r\n").sizeLimit());
    assertEquals(OptionalLong.empty(), parse("250 mx\r\n").sizeLimit());
  }

  @Test
  void authMechanismsFromBothSpellings() throws IOException {
    ServerExtensions ext = parse("250-mx\r\n250-AUTH login Plain\r\n250 AUTH=LOGIN CRAM-MD5\r\n");

    assertEquals(Set.of("LOGIN", "PLAIN", "CRAM-MD5"), ext.authMechanisms());
    assertEquals(Set.of(), parse("250 mx\r\n").authMechanisms());
  }

  private static ServerExtensions parse(String reply) throws IOException {
    return ServerExtensions.fromEhlo(
        new ReplyReader(new ByteArrayInputStream(reply.getBytes(StandardCharsets.US_ASCII))).read());
  }
}
