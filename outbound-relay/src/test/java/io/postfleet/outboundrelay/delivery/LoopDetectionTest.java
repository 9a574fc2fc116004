package io.postfleet.outboundrelay.delivery;

import static io.postfleet.outboundrelay.delivery.TestRelay.job;
import static io.postfleet.outboundrelay.delivery.TestRelay.show;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.postfleet.testkit.TestDnsServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A next hop that is ourselves: a server that greets, or answers EHLO, with the relay's own
 * hostname ({@code relay.test} here). As Postfix's smtp(8), the mail bounces with 5.4.6 "loops
 * back to myself" before MAIL FROM, and is never deferred for another round.
 */
class LoopDetectionTest {
  private final List<AutoCloseable> closing = new ArrayList<>();
  private TestDnsServer dns;
  private TestRelay relay;

  @BeforeEach
  void start() throws Exception {
    dns = TestDnsServer.start();
    relay = new TestRelay(dns, 9);
  }

  @AfterEach
  void stop() throws Exception {
    relay.close();
    for (AutoCloseable c : closing) {
      c.close();
    }
    dns.close();
  }

  /** A server that sends {@code greeting}, answers EHLO with {@code ehlo} and QUIT with 221, and logs what it got. */
  private ScriptedServer server(String greeting, String ehlo, List<String> commands) throws Exception {
    ScriptedServer server = new ScriptedServer((Socket socket) -> {
      OutputStream out = socket.getOutputStream();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      out.write(greeting.getBytes(StandardCharsets.US_ASCII));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        commands.add(line);
        String reply = line.startsWith("EHLO") ? ehlo : line.equals("QUIT") ? "221 2.0.0 Bye\r\n" : "250 2.0.0 Ok\r\n";
        out.write(reply.getBytes(StandardCharsets.US_ASCII));
        if (line.equals("QUIT")) {
          return;
        }
      }
    });
    closing.add(server);
    return server;
  }

  /** The server's thread may read the QUIT after the relay has already returned. */
  private static void awaitQuit(List<String> commands) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!commands.contains("QUIT") && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  @Test
  void aServerGreetingWithOurHostnameGetsNoMail() throws Exception {
    List<String> commands = new CopyOnWriteArrayList<>();
    ScriptedServer us = server("220 RELAY.test ESMTP Postfleet\r\n", "250 relay.test\r\n", commands);

    List<String> results = show(relay.deliver(job(us.nextHop(), "a@remote.test", "b@remote.test")));

    String bounce = "greeting: bounced 5.4.6 (mail for " + us.nextHop() + " loops back to myself)";
    assertEquals(List.of(bounce, bounce), results);
    awaitQuit(commands);
    assertEquals(List.of("QUIT"), commands);
  }

  @Test
  void aServerAnsweringEhloWithOurHostnameGetsNoMail() throws Exception {
    List<String> commands = new CopyOnWriteArrayList<>();
    ScriptedServer us = server("220 ESMTP ready\r\n", "250-relay.test hello\r\n250 PIPELINING\r\n", commands);

    List<String> results = show(relay.deliver(job(us.nextHop(), "a@remote.test")));

    assertEquals(List.of("helo: bounced 5.4.6 (mail for " + us.nextHop() + " loops back to myself)"), results);
    awaitQuit(commands);
    assertEquals(List.of("EHLO relay.test", "QUIT"), commands);
  }

  @Test
  void aServerWithAnotherNameGetsTheMail() throws Exception {
    List<String> commands = new CopyOnWriteArrayList<>();
    ScriptedServer other = server("220 relay.test.example ESMTP\r\n", "250 mx.example\r\n", commands);

    relay.deliver(job(other.nextHop(), "a@remote.test"));

    // A name that merely starts with ours is someone else's: the transaction goes on to MAIL.
    assertEquals("EHLO relay.test", commands.get(0));
    assertEquals(true, commands.get(1).startsWith("MAIL FROM:"), commands.toString());
  }
}
