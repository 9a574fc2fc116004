package io.postfleet.outboundrelay.delivery;

import static io.postfleet.outboundrelay.delivery.TestRelay.job;
import static io.postfleet.outboundrelay.delivery.TestRelay.show;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.DeliveryResult;
import io.postfleet.outboundrelay.smtp.ConnectionLimits;
import io.postfleet.testkit.SmtpSink;
import io.postfleet.testkit.TestDnsServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sessions kept for the next message, and the caps on how many run at once. */
class ConnectionReuseTest {
  private final List<AutoCloseable> closing = new ArrayList<>();
  private TestDnsServer dns;
  private SmtpSink mx;
  private TestRelay relay;

  @BeforeEach
  void start() throws IOException {
    dns = TestDnsServer.start();
    mx = SmtpSink.start();
    dns.mx("outside.test", 10, "mx.outside.test").a("mx.outside.test", "127.0.0.1");
    relay = new TestRelay(dns, mx.port());
  }

  @AfterEach
  void stop() throws Exception {
    relay.close();
    for (AutoCloseable c : closing) {
      c.close();
    }
    mx.close();
    dns.close();
  }

  @Test
  void twoJobsToOneDestinationShareOneConnection() throws Exception {
    relay.deliver(job("outside.test", "a@outside.test"));
    relay.deliver(job("outside.test", "b@outside.test"));

    assertEquals(2, mx.awaitMessages(2, Duration.ofSeconds(5)).size());
    assertEquals(1, mx.connections());
    assertEquals(List.of("EHLO relay.test", "MAIL", "RCPT", "DATA", "RSET", "MAIL", "RCPT", "DATA"),
        mx.commands().stream().map(c -> c.startsWith("EHLO") ? c : c.split("[ ]")[0])
            .collect(Collectors.toList()));
  }

  @Test
  void sessionIsRetiredAfterItsMessageLimit() throws Exception {
    relay.limits(new ConnectionLimits(20, 100, Duration.ofSeconds(2), Duration.ofSeconds(300), 2));

    for (String r : List.of("a", "b", "c")) {
      relay.deliver(job("outside.test", r + "@outside.test"));
    }

    assertEquals(3, mx.awaitMessages(3, Duration.ofSeconds(5)).size());
    assertEquals(2, mx.connections());
  }

  @Test
  void idleSessionIsNotReusedAfterTheIdleTimeout() throws Exception {
    relay.limits(new ConnectionLimits(20, 100, Duration.ofMillis(150), Duration.ofSeconds(300), 100));

    relay.deliver(job("outside.test", "a@outside.test"));
    // Kept as a sleep: the session must sit idle past its 150 ms, and nothing but time shows that.
    Thread.sleep(300);
    relay.deliver(job("outside.test", "b@outside.test"));

    assertEquals(2, mx.connections());
    assertTrue(mx.commands().stream().noneMatch("RSET"::equals));
  }

  @Test
  void sessionTheServerDroppedWhileIdleIsReplacedTransparently() throws Exception {
    AtomicInteger sessions = new AtomicInteger();
    ScriptedServer oneMessageEach = track(new ScriptedServer(socket -> {
      sessions.incrementAndGet();
      oneTransactionThenHangUp(socket);
    }));

    List<DeliveryResult> first = relay.deliver(job(oneMessageEach.nextHop(), "a@outside.test"));
    List<DeliveryResult> second = relay.deliver(job(oneMessageEach.nextHop(), "b@outside.test"));

    assertEquals(List.of("data-done: sent 2.0.0 (250 2.0.0 Ok)"), show(first));
    assertEquals(List.of("data-done: sent 2.0.0 (250 2.0.0 Ok)"), show(second));
    assertEquals(2, sessions.get());
  }

  @Test
  void sessionsToOneDestinationAreCapped() throws Exception {
    ConcurrencyProbe busy = track(new ConcurrencyProbe());
    relay.limits(new ConnectionLimits(2, 100, Duration.ofSeconds(2), Duration.ofSeconds(300), 100));

    deliverAtOnce(List.of(busy.nextHop(), busy.nextHop(), busy.nextHop(), busy.nextHop()));

    assertEquals(4, busy.connections.get());
    assertEquals(2, busy.mostAtOnce.get());
  }

  @Test
  void sessionsOverAllDestinationsAreCapped() throws Exception {
    ConcurrencyProbe busy = track(new ConcurrencyProbe());
    dns.a("one.test", "127.0.0.1").a("two.test", "127.0.0.1");
    relay.close();
    relay = new TestRelay(dns, busy.port()).limits(
        new ConnectionLimits(20, 1, Duration.ofSeconds(2), Duration.ofSeconds(300), 100));

    deliverAtOnce(List.of("one.test", "two.test", "one.test"));

    assertEquals(3, busy.connections.get());
    assertEquals(1, busy.mostAtOnce.get());
  }

  private void deliverAtOnce(List<String> nextHops) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(nextHops.size());
    try {
      List<CompletableFuture<List<DeliveryResult>>> running = new ArrayList<>();
      for (String hop : nextHops) {
        running.add(CompletableFuture.supplyAsync(() -> relay.deliver(job(hop, "a@outside.test")), pool));
      }
      for (CompletableFuture<List<DeliveryResult>> r : running) {
        assertEquals("deferred", r.get().get(0).outcome().statusWord());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Greets, takes one message, and hangs up without waiting for QUIT. */
  private static void oneTransactionThenHangUp(Socket socket) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    OutputStream out = socket.getOutputStream();
    out.write("220 mx ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
    String line;
    while ((line = in.readLine()) != null) {
      String reply = line.startsWith("DATA") ? "354 go ahead" : "250 2.0.0 Ok";
      out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
      if (line.startsWith("DATA")) {
        while (!".".equals(in.readLine())) {
          // the message itself is not what this test is about
        }
        out.write("250 2.0.0 Ok\r\n".getBytes(StandardCharsets.US_ASCII));
        return;
      }
    }
  }

  private <T extends AutoCloseable> T track(T resource) {
    closing.add(resource);
    return resource;
  }

  /** Holds every connection for a while, then refuses it with 421; counts how many were open at once. */
  private static final class ConcurrencyProbe implements AutoCloseable {
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final ServerSocket server;
    private final ExecutorService sessions = Executors.newCachedThreadPool();

    ConcurrencyProbe() throws IOException {
      server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      sessions.execute(this::accept);
    }

    int port() {
      return server.getLocalPort();
    }

    String nextHop() {
      return "[127.0.0.1]:" + port();
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket socket = server.accept();
          connections.incrementAndGet();
          sessions.execute(() -> hold(socket));
        } catch (IOException e) {
          return;
        }
      }
    }

    private void hold(Socket socket) {
      try (socket) {
        mostAtOnce.accumulateAndGet(open.incrementAndGet(), Math::max);
        // Kept as a sleep: a slow server on purpose, so that sessions overlap and the limit shows.
        Thread.sleep(300);
        open.decrementAndGet();
        socket.getOutputStream().write("421 4.3.2 Busy\r\n".getBytes(StandardCharsets.US_ASCII));
      } catch (IOException | InterruptedException e) {
        // the test only counts
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      sessions.shutdownNow();
    }
  }
}
