package io.postfleet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The images, as far as a machine without a Docker engine can tell: each is built by the Maven
 * wrapper from the repository root for its own module (JDK 17 for JVM mode, Mandrel for native),
 * runs as a non-root user, and exposes exactly the ports the service listens on by default.
 */
class DockerfileTest {
  @Test
  void eachServiceHasAJvmAndANativeMultiStageDockerfile() {
    for (String module : Repo.serviceModules()) {
      for (String variant : List.of("jvm", "native")) {
        List<String> lines = instructions(dockerfile(module, variant));
        String what = module + " Dockerfile." + variant;
        List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertEquals(2, froms.size(), what + " is not a build stage plus a runtime stage");
        assertTrue(froms.get(0).contains(variant.equals("jvm") ? "openjdk-17:" : "mandrel-builder-image"),
            what + ": " + froms.get(0));
        String build = lines.stream().filter(l -> l.startsWith("RUN ") && l.contains("./mvnw")).findFirst()
            .orElseThrow(() -> new AssertionError(what + " does not build with the Maven wrapper"));
        assertTrue(build.contains("-pl " + module + " -am"), what + " builds another module: " + build);
        assertEquals(variant.equals("native"), build.contains("-Dquarkus.native.enabled=true"), what + ": " + build);
        assertTrue(
            lines.stream().filter(l -> l.startsWith("COPY --from=build"))
                .allMatch(l -> l.contains("/" + module + "/target/")),
            what + " copies another module's build output");
      }
    }
  }

  @Test
  void imagesRunAsNonRootAndExposeExactlyTheServicesListeners() {
    for (String module : Repo.serviceModules()) {
      ServiceConfig config = ServiceConfig.of(module);
      Set<String> listeners = config.listenerPorts().values().stream().map(config::baseValue)
          .collect(Collectors.toCollection(TreeSet::new));
      for (String variant : List.of("jvm", "native")) {
        List<String> runtime = runtimeStage(instructions(dockerfile(module, variant)));
        String what = module + " Dockerfile." + variant;
        Set<String> exposed = runtime.stream().filter(l -> l.startsWith("EXPOSE "))
            .flatMap(l -> Arrays.stream(l.substring(7).trim().split("\\s+")))
            .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(listeners, exposed, what + " exposes other ports than the service listens on");
        List<String> users = runtime.stream().filter(l -> l.startsWith("USER ")).toList();
        assertFalse(users.isEmpty(), what + " sets no user");
        String user = users.get(users.size() - 1).substring(5).trim().split(":")[0];
        assertTrue(user.matches("[1-9][0-9]*"),
            what + " runs as " + user + ", not a numeric non-root uid (runAsNonRoot needs one)");
      }
    }
  }

  @Test
  void theBuildContextCarriesNoBuildOutput() {
    List<String> ignored = Repo.read(Repo.ROOT.resolve(".dockerignore")).lines().map(String::trim).toList();
    assertTrue(ignored.contains("**/target/"), "a local target/ would enter the image build: " + ignored);
  }

  private static Path dockerfile(String module, String variant) {
    Path file = Repo.ROOT.resolve(module).resolve("src/main/docker/Dockerfile." + variant);
    assertTrue(Files.isRegularFile(file), file + " does not exist");
    return file;
  }

  /** Instructions with continuation lines joined and comments dropped. */
  private static List<String> instructions(Path file) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Repo.read(file).lines().toList()) {
      String trimmed = line.trim();
      if (trimmed.startsWith("#") || trimmed.isEmpty()) {
        continue;
      }
      boolean continues = trimmed.endsWith("\\");
      current.append(continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
      if (!continues) {
        out.add(current.toString().trim().replaceAll("\\s+", " "));
        current.setLength(0);
      }
    }
    return out;
  }

  private static List<String> runtimeStage(List<String> lines) {
    int last = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("FROM ")) {
        last = i;
      }
    }
    return lines.subList(last, lines.size());
  }
}
