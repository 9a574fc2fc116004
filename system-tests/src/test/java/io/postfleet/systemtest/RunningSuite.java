package io.postfleet.systemtest;

import io.postfleet.devstack.KafkaBroker;
import io.postfleet.devstack.PostfleetTopics;
import io.postfleet.devstack.PostgresServer;
import io.postfleet.devstack.ServiceProcess;
import io.postfleet.testkit.SmtpSink;
import io.postfleet.testkit.TestDnsServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole suite as it runs in production, on one machine: a real Kafka broker, a real PostgreSQL,
 * the four packaged services as separate processes, plus the outside world as the tests define it
 * (a DNS server that names our SMTP sink as the MX of {@code outside.test}).
 */
final class RunningSuite implements AutoCloseable {
  static final String ADMIN_TOKEN = "system-test-token";
  /** Seals the DKIM keys queue-manager stores and outbound-relay opens (base64 of 32 bytes). */
  static final String DKIM_MASTER_KEY = "c3lzdGVtLXRlc3QgZGtpbSBtYXN0ZXIga2V5IDMyQiE=";
  static final String OUTSIDE_DOMAIN = "outside.test";

  final Path workDir;
  final Path maildirRoot;
  final KafkaBroker kafka;
  final PostgresServer postgres;
  final TestDnsServer dns;
  final SmtpSink outsideMx;
  final ServiceProcess queueManager;
  final ServiceProcess ingress;
  final ServiceProcess localDelivery;
  final ServiceProcess relay;
  final int smtpPort;
  private final List<AutoCloseable> started = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  RunningSuite() throws Exception {
    Path repo = Path.of(System.getProperty("postfleet.repo.root", "..")).toAbsolutePath().normalize();
    workDir = Files.createTempDirectory(Files.createDirectories(repo.resolve("system-tests/target")), "suite-");
    maildirRoot = workDir.resolve("mail");
    try {
      kafka = track(KafkaBroker.start(workDir.resolve("kafka")));
      PostfleetTopics.create(kafka.bootstrapServers());
      postgres = track(PostgresServer.startTemporary(workDir));
      dns = track(TestDnsServer.start());
      outsideMx = track(SmtpSink.start());
      dns.mx(OUTSIDE_DOMAIN, 10, "mx." + OUTSIDE_DOMAIN).a("mx." + OUTSIDE_DOMAIN, "127.0.0.1");

      Map<String, String> common = Map.of(
          "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
          "QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(),
          "QUARKUS_DATASOURCE_USERNAME", postgres.username(),
          "QUARKUS_DATASOURCE_PASSWORD", postgres.password());
      Path logs = workDir.resolve("log");

      queueManager = track(start(repo, "queue-manager", with(with(common, "POSTFLEET_ADMIN_TOKEN", ADMIN_TOKEN),
          "POSTFLEET_DKIM_MASTER_KEY", DKIM_MASTER_KEY), logs));
      queueManager.awaitReady(Duration.ofSeconds(90));

      smtpPort = freePort();
      Map<String, String> ingressEnv = new HashMap<>(common);
      ingressEnv.put("POSTFLEET_SMTP_PORT", String.valueOf(smtpPort));
      ingressEnv.put("POSTFLEET_SMTP_BIND_ADDRESS", "127.0.0.1");
      ingressEnv.put("POSTFLEET_SMTP_HOSTNAME", "mx.mail.example.test");
      // Only 127.0.0.1 is "mynetworks": a test connecting from 127.0.0.3 is an outsider.
      ingressEnv.put("POSTFLEET_SMTP_TRUSTED_NETWORKS", "127.0.0.1/32");
      ingressEnv.put("POSTFLEET_SMTP_PUBLISH_TIMEOUT", "5s");
      ingressEnv.put("POSTFLEET_SMTP_PEERNAME_LOOKUP", "false");
      // The sender checks ask the test DNS, never the machine's resolvers.
      ingressEnv.put("POSTFLEET_SMTP_DNS_SERVERS", "127.0.0.1:" + dns.port());
      ingressEnv.put("POSTFLEET_SMTP_DNS_TIMEOUT", "2s");
      ingress = track(start(repo, "smtp-ingress", ingressEnv, logs));

      localDelivery = track(start(repo, "local-delivery",
          Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "POSTFLEET_MAILDIR_ROOT", maildirRoot.toString()),
          logs));
      // outbound-relay reads the DKIM keys from PostgreSQL.
      Map<String, String> relayEnv = new HashMap<>(common);
      relayEnv.put("POSTFLEET_RELAY_DNS_SERVERS", "127.0.0.1:" + dns.port());
      relayEnv.put("POSTFLEET_RELAY_SMTP_PORT", String.valueOf(outsideMx.port()));
      relayEnv.put("POSTFLEET_DKIM_MASTER_KEY", DKIM_MASTER_KEY);
      relay = track(start(repo, "outbound-relay", relayEnv, logs));
      ingress.awaitReady(Duration.ofSeconds(90));
      localDelivery.awaitReady(Duration.ofSeconds(90));
      relay.awaitReady(Duration.ofSeconds(90));
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  /** POSTs JSON to the admin API and returns the status code. */
  int post(String path, String json) throws IOException, InterruptedException {
    return postForResponse(path, json).statusCode();
  }

  HttpResponse<String> postForResponse(String path, String json) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(adminUri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  HttpResponse<String> put(String path, String json) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(adminUri(path)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  int delete(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(adminUri(path)).DELETE()).statusCode();
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(adminUri(path)).GET());
  }

  Path maildirNew(String domain, String localPart) {
    return maildirRoot.resolve(domain).resolve(localPart).resolve("Maildir/new");
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.header("Authorization", "Bearer " + ADMIN_TOKEN).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI adminUri(String path) {
    return queueManager.baseUri().resolve(path);
  }

  private ServiceProcess start(Path repo, String module, Map<String, String> env, Path logs) throws IOException {
    return ServiceProcess.start(module, ServiceProcess.runJar(repo, module), freePort(), env,
        List.of("-Xmx256m"), logs.resolve(module + ".log"));
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> env = new HashMap<>(base);
    env.put(key, value);
    return env;
  }

  private <T extends AutoCloseable> T track(T resource) {
    started.add(resource);
    return resource;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Stops everything in reverse order of start: services before the infrastructure they use. */
  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        // Go on stopping the rest.
      }
    }
  }
}
