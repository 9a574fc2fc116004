package io.postfleet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/** Every overlay renders, every object is one Kubernetes knows, labelled and in one namespace. */
class RenderedManifestsTest {
  static List<String> overlays() {
    return Kustomize.OVERLAYS;
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyObjectParsesIntoItsTypedModelWithNoUnknownField(String overlay) {
    Rendered rendered = Kustomize.overlay(overlay);
    assertFalse(rendered.objects.isEmpty(), overlay + " renders nothing");
    assertEquals(rendered.documents.size(), rendered.objects.size());
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyObjectIsPartOfPostfleetAndInTheOverlaysNamespace(String overlay) {
    Rendered rendered = Kustomize.overlay(overlay);
    List<Namespace> namespaces = rendered.all(Namespace.class);
    assertEquals(1, namespaces.size(), overlay + " creates exactly one Namespace");
    String namespace = namespaces.get(0).getMetadata().getName();
    for (HasMetadata object : rendered.objects) {
      String what = overlay + ": " + object.getKind() + " " + object.getMetadata().getName();
      Map<String, String> labels = object.getMetadata().getLabels();
      assertTrue(labels != null && "postfleet".equals(labels.get("app.kubernetes.io/part-of")),
          what + " lacks app.kubernetes.io/part-of=postfleet");
      if (!(object instanceof Namespace)) {
        assertEquals(namespace, object.getMetadata().getNamespace(), what + " is outside the overlay's namespace");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyServiceModuleRunsAsADeploymentOfItsOwnTaggedImage(String overlay) {
    Rendered rendered = Kustomize.overlay(overlay);
    for (String module : Repo.serviceModules()) {
      ServicePod pod = ServicePod.of(rendered, module);
      String image = pod.container().getImage();
      assertTrue(image.matches(".*/" + module + ":[\\w.-]+"), overlay + ": " + module + " runs image " + image);
      assertFalse(image.endsWith(":latest"), overlay + ": " + module + " runs a :latest image");
      assertEquals(module, pod.podLabels().get("app.kubernetes.io/name"), overlay + ": pod labels of " + module);
    }
  }

  @Test
  void theParserRefusesAFieldTheModelDoesNotKnow() {
    String deployment = String.join("\n",
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata: {name: x}",
        "spec:",
        "  selector: {matchLabels: {a: b}}",
        "  template:",
        "    metadata: {labels: {a: b}}",
        "    spec:",
        "      containers:",
        "        - name: x",
        "          image: x:1",
        "          securityContext: {readonlyRootFilesystem: true}");
    Map<String, Object> document = new Yaml().load(deployment);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StrictModels.parse(document));
    assertTrue(e.getMessage().contains("readonlyRootFilesystem"), e.getMessage());
    Map<String, Object> unknownKind = new Yaml().load("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}");
    assertThrows(IllegalArgumentException.class, () -> StrictModels.parse(unknownKind));
  }
}
