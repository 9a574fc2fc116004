package io.postfleet.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The repository these tests check: its root, its service modules and their files. */
final class Repo {
  static final Path ROOT = findRoot();

  private Repo() {}

  /** Modules that are Quarkus services: their POM runs the Quarkus Maven plugin. */
  static List<String> serviceModules() {
    try (Stream<Path> dirs = Files.list(ROOT)) {
      return dirs.filter(dir -> Files.isRegularFile(dir.resolve("pom.xml")))
          .filter(dir -> read(dir.resolve("pom.xml")).contains("<artifactId>quarkus-maven-plugin</artifactId>"))
          .map(dir -> dir.getFileName().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every .java file under a module's src/main/java. */
  static List<Path> mainSources(String module) {
    try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path findRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve("k8s")) && Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("no repository root (with k8s/ and docker-compose.yml) above "
        + Path.of("").toAbsolutePath());
  }
}
