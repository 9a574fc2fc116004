package io.postfleet.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Renders the overlays under k8s/ with {@code kubectl kustomize}, once per overlay per run. The
 * tree is copied first, and the files the README asks an operator to write before applying
 * (production's admin token) are written into the copy, as a user would. A name such as {@code
 * production+proxy-protocol} is an overlay with an optional component added, the way the README
 * tells users to add it: a kustomization of the overlay plus {@code components/<name>}.
 */
final class Kustomize {
  /** The overlays as shipped. */
  static final List<String> SHIPPED = List.of("dev", "production", "dovecot");
  /** What every check runs on: the shipped overlays and production with its optional component. */
  static final List<String> OVERLAYS = List.of("dev", "production", "dovecot", "production+proxy-protocol");

  private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();
  private static Boolean kubectl;
  private static Path tree;

  private Kustomize() {}

  static Rendered overlay(String name) {
    Assumptions.assumeTrue(kubectlAvailable(),
        "kubectl is not on the PATH: the k8s/ overlays cannot be rendered, so they are not checked");
    return CACHE.computeIfAbsent(name, Kustomize::render);
  }

  private static Rendered render(String name) {
    Path dir = copiedTree().resolve("overlays").resolve(name);
    if (name.contains("+")) {
      writeWithComponents(dir, name.split("\\+"));
    }
    String yaml = run("kubectl", "kustomize", dir.toString());
    List<Map<String, Object>> documents = new ArrayList<>();
    for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
      if (document != null) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) document;
        documents.add(map);
      }
    }
    return new Rendered(name, documents);
  }

  /** overlay+component+...: the overlay as a resource, each component from k8s/components. */
  private static void writeWithComponents(Path dir, String[] parts) {
    StringBuilder kustomization = new StringBuilder(
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../" + parts[0]
            + "\ncomponents:\n");
    for (int i = 1; i < parts.length; i++) {
      kustomization.append("  - ../../components/").append(parts[i]).append('\n');
    }
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("kustomization.yaml"), kustomization);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static synchronized Path copiedTree() {
    if (tree == null) {
      try {
        Path copy = Files.createTempDirectory("postfleet-k8s");
        Path source = Repo.ROOT.resolve("k8s");
        try (Stream<Path> files = Files.walk(source)) {
          for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
            Path target = copy.resolve(source.relativize(file).toString());
            if (Files.isDirectory(file)) {
              Files.createDirectories(target);
            } else {
              Files.copy(file, target);
            }
          }
        }
        Files.writeString(copy.resolve("overlays/production/secrets/admin-token"), "0123456789abcdef");
        Files.writeString(copy.resolve("overlays/production/secrets/dkim-master-key"),
            "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\n");
        tree = copy;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return tree;
  }

  static synchronized boolean kubectlAvailable() {
    if (kubectl == null) {
      try {
        run("kubectl", "version", "--client");
        kubectl = true;
      } catch (IllegalStateException e) {
        kubectl = false;
      }
    }
    return kubectl;
  }

  private static String run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
      byte[] out = process.getInputStream().readAllBytes();
      String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + err);
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", command) + " could not run: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
