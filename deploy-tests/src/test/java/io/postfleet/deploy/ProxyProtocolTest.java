package io.postfleet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PROXY protocol is on for every SMTP listener or for none, and only together with a load balancer
 * that sends the header: a listener that expects it drops every client that connects without one.
 * The shipped overlays leave it off; components/proxy-protocol turns it on for each listener the
 * configuration has and asks the load balancer (AWS's annotation) to send it.
 */
class ProxyProtocolTest {
  static final String WITH_COMPONENT = "production+proxy-protocol";
  static final String AWS_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-proxy-protocol";

  static List<String> shipped() {
    return Kustomize.SHIPPED;
  }

  @ParameterizedTest
  @MethodSource("shipped")
  void shippedOverlaysExpectNoProxyHeaderAndAskForNone(String overlay) {
    Rendered rendered = Kustomize.overlay(overlay);
    ServicePod pod = ServicePod.of(rendered, SmtpListeners.MODULE);
    for (String listener : SmtpListeners.names()) {
      assertEquals("false", pod.effective(proxyProtocol(pod, listener)),
          overlay + ": the " + listener + " listener expects PROXY headers");
    }
    Map<String, String> annotations = rendered.get(Service.class, SmtpListeners.MODULE).getMetadata().getAnnotations();
    assertTrue(annotations == null || annotations.keySet().stream().noneMatch(k -> k.contains("proxy")),
        overlay + ": the load balancer is asked for PROXY headers: " + annotations);
  }

  @Test
  void theComponentTurnsItOnForEverySmtpListenerAndAsksTheLoadBalancerForIt() {
    Rendered rendered = Kustomize.overlay(WITH_COMPONENT);
    ServicePod pod = ServicePod.of(rendered, SmtpListeners.MODULE);
    for (String listener : SmtpListeners.names()) {
      String env = ServiceConfig.envName(proxyProtocol(pod, listener));
      ContainerEnv.Source source = pod.env().get(env);
      assertNotNull(source,
          WITH_COMPONENT + ": the " + listener + " listener keeps its default; " + env + " is not set");
      assertEquals("true", source.value(), WITH_COMPONENT + ": " + env);
    }
    Map<String, String> annotations = rendered.get(Service.class, SmtpListeners.MODULE).getMetadata().getAnnotations();
    assertEquals("*", annotations == null ? null : annotations.get(AWS_ANNOTATION),
        WITH_COMPONENT + ": the load balancer is not asked to send PROXY headers on every port");
  }

  private static String proxyProtocol(ServicePod pod, String listener) {
    return pod.config().listenerSetting(listener, "proxy-protocol").orElseThrow(() -> new AssertionError(
        "smtp-ingress's " + listener
            + " listener has no proxy-protocol setting: behind a PROXY load balancer it would break"));
  }
}
