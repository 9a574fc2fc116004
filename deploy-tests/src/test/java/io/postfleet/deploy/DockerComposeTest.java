package io.postfleet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml against the same facts as the k8s overlays: each service built from its own
 * Dockerfile with the repository root as context, given every setting it needs and none it lacks,
 * publishing only its enabled listeners, started after what it depends on, Maildir on a named volume.
 */
class DockerComposeTest {
  private static final Map<String, Object> COMPOSE = new Yaml()
      .load(Repo.read(Repo.ROOT.resolve("docker-compose.yml")));

  @Test
  void eachServiceIsBuiltFromItsJvmDockerfileWithTheRepositoryAsContext() {
    for (String module : Repo.serviceModules()) {
      Map<String, Object> build = map(service(module).get("build"));
      assertNotNull(build, module + " is not built from source");
      assertEquals(Repo.ROOT, Repo.ROOT.resolve(String.valueOf(build.get("context"))).normalize(), module + " context");
      Path dockerfile = Repo.ROOT.resolve(String.valueOf(build.get("dockerfile")));
      assertEquals(Repo.ROOT.resolve(module + "/src/main/docker/Dockerfile.jvm"), dockerfile.normalize());
      assertTrue(Files.isRegularFile(dockerfile), dockerfile + " does not exist");
    }
  }

  @Test
  void eachServiceGetsEverySettingItNeedsAndNoneItLacks() {
    for (String module : Repo.serviceModules()) {
      ServiceConfig config = ServiceConfig.of(module);
      Map<String, String> env = environment(module);
      for (String property : config.requiredProperties()) {
        String value = env.get(ServiceConfig.envName(property));
        assertTrue(value != null && !value.isBlank(), module + " needs " + ServiceConfig.envName(property));
        assertFalse(value.contains("localhost"),
            module + ": " + ServiceConfig.envName(property) + "=" + value + " in a container");
      }
      for (String var : env.keySet()) {
        if (var.startsWith("POSTFLEET_") || var.startsWith("QUARKUS_")) {
          assertTrue(config.reads(var), module + " is given " + var + ", a setting it does not have");
        } else if (var.startsWith("KAFKA_")) {
          assertTrue(
              config.reads(var)
                  || KafkaFacts.isClientSetting(var.substring(6).toLowerCase(Locale.ROOT).replace('_', '.')),
              module + " is given " + var);
        }
      }
    }
  }

  @Test
  void servicesPublishOnlyTheirListenersOnLoopbackSmtpOn2525AndTheAdminApi() {
    Map<String, Integer> published = new LinkedHashMap<>();
    for (String module : Repo.serviceModules()) {
      ServiceConfig config = ServiceConfig.of(module);
      Map<String, String> env = environment(module);
      Set<String> listeners = config.listenerPorts().values().stream()
          .map(p -> config.effectiveValue(p, env)).collect(Collectors.toSet());
      Set<String> off = config.listenerPorts().keySet().stream()
          .filter(l -> config.listenerSetting(l, "enabled")
              .map(p -> !Boolean.parseBoolean(config.effectiveValue(p, env))).orElse(false))
          .map(l -> config.effectiveValue(config.listenerPorts().get(l), env)).collect(Collectors.toSet());
      for (Object port : list(service(module).get("ports"))) {
        String[] parts = String.valueOf(port).split(":");
        assertEquals(3, parts.length, module + " publishes " + port + " without a host address");
        assertEquals("127.0.0.1", parts[0], module + " publishes " + port + " beyond this machine");
        assertTrue(listeners.contains(parts[2]), module + " publishes " + port + ", which it does not listen on");
        assertFalse(off.contains(parts[2]), module + " publishes " + port + ", whose listener is not enabled");
        published.put(module + ":" + parts[2], Integer.parseInt(parts[1]));
      }
      String health = String.valueOf(map(service(module).get("healthcheck")).get("test"));
      assertTrue(health.contains("localhost:" + config.effectiveValue("quarkus.http.port", env) + "/q/health/ready"),
          module + "'s health check does not ask /q/health/ready on its HTTP port: " + health);
    }
    String smtp = ServiceConfig.of("smtp-ingress").effectiveValue("postfleet.smtp.port", environment("smtp-ingress"));
    assertEquals(2525, published.get("smtp-ingress:" + smtp), "SMTP is not on localhost:2525");
    String admin = ServiceConfig.of("queue-manager").effectiveValue("quarkus.http.port", environment("queue-manager"));
    assertTrue(published.containsKey("queue-manager:" + admin), "the admin API is not published");
  }

  @Test
  void startOrderWaitsForHealthyDependenciesAndCreatedTopics() {
    Map<String, Object> services = map(COMPOSE.get("services"));
    for (var entry : services.entrySet()) {
      Map<String, Object> dependsOn = map(map(entry.getValue()).get("depends_on"));
      for (var dependency : (dependsOn == null ? Map.<String, Object>of() : dependsOn).entrySet()) {
        String condition = String.valueOf(map(dependency.getValue()).get("condition"));
        Map<String, Object> target = map(services.get(dependency.getKey()));
        assertNotNull(target, entry.getKey() + " depends on undefined " + dependency.getKey());
        if (condition.equals("service_healthy")) {
          assertNotNull(target.get("healthcheck"), dependency.getKey() + " has no health check to wait for");
        } else {
          assertEquals("service_completed_successfully", condition, entry.getKey() + " -> " + dependency.getKey());
        }
      }
    }
    String topics = String.valueOf(map(services.get("kafka-topics")).get("command"));
    KafkaFacts.topics().forEach(t -> assertTrue(topics.contains(t), "kafka-topics does not create " + t));
    assertTrue(topics.contains("--partitions " + KafkaFacts.partitions())
        && topics.contains("max.message.bytes=" + KafkaFacts.maxRecordBytes()));
    Map<String, Object> kafkaEnv = map(map(services.get("kafka")).get("environment"));
    assertTrue(
        Integer.parseInt(String.valueOf(kafkaEnv.get("KAFKA_MESSAGE_MAX_BYTES"))) >= KafkaFacts.maxRecordBytes());
    String seed = String.valueOf(map(services.get("seed")).get("command"));
    assertTrue(seed.contains("mail.example.test") && seed.contains("http://queue-manager:"
        + ServiceConfig.of("queue-manager").effectiveValue("quarkus.http.port", environment("queue-manager"))
        + "/api/v1/"), seed);
  }

  @Test
  void maildirIsANamedVolumeMountedAtTheMaildirRoot() {
    String root = environment("local-delivery").get("POSTFLEET_MAILDIR_ROOT");
    assertNotNull(root, "local-delivery has no POSTFLEET_MAILDIR_ROOT");
    String volume = list(service("local-delivery").get("volumes")).stream().map(String::valueOf)
        .filter(v -> v.endsWith(":" + root)).findFirst()
        .orElseThrow(() -> new AssertionError("nothing is mounted at " + root));
    assertTrue(map(COMPOSE.get("volumes")).containsKey(volume.split(":")[0]), volume + " is not a named volume");
  }

  static Map<String, Object> service(String name) {
    Map<String, Object> service = map(map(COMPOSE.get("services")).get(name));
    assertNotNull(service, "docker-compose.yml has no service " + name);
    return service;
  }

  static Map<String, String> environment(String module) {
    Map<String, String> env = new LinkedHashMap<>();
    map(service(module).get("environment")).forEach((k, v) -> env.put(k, String.valueOf(v)));
    return env;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  static List<?> list(Object value) {
    return value == null ? List.of() : (List<?>) value;
  }
}
