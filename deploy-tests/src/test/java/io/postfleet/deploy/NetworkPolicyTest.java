package io.postfleet.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.net.URI;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What may talk to whom: everything is denied unless allowed; the world reaches smtp-ingress's SMTP
 * listeners (MX, submission, submissions) and nothing else; the HTTP ports (admin API, metrics) take
 * no connection from just anyone; each service may reach the Kafka and PostgreSQL ports its own
 * configuration names, and outbound-relay its MX port.
 */
class NetworkPolicyTest {
  static List<String> overlays() {
    return Kustomize.OVERLAYS;
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyServiceIsDeniedByDefaultBothWays(String overlay) {
    Rendered rendered = Kustomize.overlay(overlay);
    for (ServicePod pod : ServicePod.all(rendered)) {
      assertTrue(
          policies(rendered, pod).stream()
              .anyMatch(p -> p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"))
                  && (p.getSpec().getIngress() == null || p.getSpec().getIngress().isEmpty())
                  && (p.getSpec().getEgress() == null || p.getSpec().getEgress().isEmpty())),
          overlay + ": no deny-all policy selects " + pod.module());
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void onlyTheSmtpListenersAreOpenToEveryone(String overlay) {
    Rendered rendered = Kustomize.overlay(overlay);
    List<String> smtpListeners = SmtpListeners.names();
    for (ServicePod pod : ServicePod.all(rendered)) {
      for (var rule : policies(rendered, pod).stream().filter(p -> p.getSpec().getIngress() != null)
          .flatMap(p -> p.getSpec().getIngress().stream()).toList()) {
        if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
          assertTrue(rule.getPorts() != null && !rule.getPorts().isEmpty()
              && rule.getPorts().stream()
                  .allMatch(p -> p.getPort() != null && smtpListeners.contains(p.getPort().getStrVal())),
              overlay + ": " + pod.module() + " lets anyone reach " + rule.getPorts());
        }
      }
    }
    ServicePod smtp = ServicePod.of(rendered, SmtpListeners.MODULE);
    for (String listener : smtpListeners) {
      assertTrue(policies(rendered, smtp).stream().flatMap(p -> p.getSpec().getIngress() == null
          ? Stream.empty()
          : p.getSpec().getIngress().stream())
          .anyMatch(r -> (r.getFrom() == null || r.getFrom().isEmpty())
              && allows(r.getPorts(), port -> listener.equals(port.getStrVal()))),
          overlay + ": nobody outside may reach smtp-ingress's " + listener + " port");
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void eachServiceMayReachTheKafkaAndDatabasePortsItIsConfiguredWith(String overlay) {
    Rendered rendered = Kustomize.overlay(overlay);
    for (ServicePod pod : ServicePod.all(rendered)) {
      int kafka = Integer.parseInt(pod.envValues().get("KAFKA_BOOTSTRAP_SERVERS").replaceAll(".*:", ""));
      assertTrue(egressAllows(rendered, pod, kafka),
          overlay + ": " + pod.module() + " may not reach Kafka on " + kafka);
      String jdbc = pod.envValues().get("QUARKUS_DATASOURCE_JDBC_URL");
      if (jdbc != null) {
        int port = URI.create(jdbc.substring("jdbc:".length())).getPort();
        assertTrue(egressAllows(rendered, pod, port),
            overlay + ": " + pod.module() + " may not reach PostgreSQL on " + port);
      }
    }
    ServicePod relay = ServicePod.of(rendered, "outbound-relay");
    int mx = Integer.parseInt(relay.effective("postfleet.relay.smtp-port"));
    assertTrue(egressAllows(rendered, relay, mx), overlay + ": outbound-relay may not reach MX hosts on " + mx);
    for (ServicePod pod : ServicePod.all(rendered)) {
      if (!pod.module().equals("outbound-relay")) {
        assertFalse(egressAllows(rendered, pod, mx), overlay + ": " + pod.module() + " may send SMTP to the world");
      }
    }
  }

  private static List<NetworkPolicy> policies(Rendered rendered, ServicePod pod) {
    return rendered.all(NetworkPolicy.class).stream()
        .filter(p -> ServicePod.selects(p.getSpec().getPodSelector(), pod.podLabels())).toList();
  }

  private static boolean egressAllows(Rendered rendered, ServicePod pod, int port) {
    return policies(rendered, pod).stream().filter(p -> p.getSpec().getEgress() != null)
        .flatMap(p -> p.getSpec().getEgress().stream())
        .anyMatch(rule -> allows(rule.getPorts(), p -> p.getIntVal() != null && p.getIntVal() == port));
  }

  private static boolean allows(List<NetworkPolicyPort> ports, Predicate<IntOrString> port) {
    return ports == null || ports.isEmpty()
        || ports.stream().anyMatch(p -> p.getPort() == null || port.test(p.getPort()));
  }
}
