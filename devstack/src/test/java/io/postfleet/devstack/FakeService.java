package io.postfleet.devstack;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Stands in for a packaged Quarkus service in {@link ServiceProcessTest}: listens on
 * QUARKUS_HTTP_PORT and answers {@code /q/health/ready} with 503 for its first second, then 200, as
 * a service does while it connects to Kafka. With FAKE_EXIT set it exits at once with that code.
 */
public final class FakeService {
  private FakeService() {}

  public static void main(String[] args) throws IOException {
    String exit = System.getenv("FAKE_EXIT");
    if (exit != null) {
      System.out.println("fake service giving up: " + exit);
      System.exit(Integer.parseInt(exit));
    }
    long readyAt = System.currentTimeMillis() + 1_000;
    int port = Integer.parseInt(System.getenv("QUARKUS_HTTP_PORT"));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext(
        "/q/health/ready",
        exchange -> {
          int status = System.currentTimeMillis() >= readyAt ? 200 : 503;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
    System.out.println("fake service listening on " + port);
  }
}
