package io.postfleet.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What one service reads, taken from its own files: {@code application.properties} (without
 * profile keys) and its {@code @ConfigMapping} interfaces. Deployments are checked against this,
 * so there is no second list of settings to keep in step.
 */
final class ServiceConfig {
  private static final Map<String, ServiceConfig> CACHE = new LinkedHashMap<>();
  /** A property expression: {@code ${name}} or {@code ${name:default}}. */
  private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([A-Za-z0-9._-]+)(?::[^}]*)?}");

  final String module;
  /** application.properties, profile keys (%test.) left out. */
  final Map<String, String> properties;
  /** Every key of the service's config mappings. */
  final List<ConfigKey> mappingKeys;

  ServiceConfig(String module, Map<String, String> properties, List<ConfigKey> mappingKeys) {
    this.module = module;
    this.properties = properties;
    this.mappingKeys = mappingKeys;
  }

  static synchronized ServiceConfig of(String module) {
    return CACHE.computeIfAbsent(module, ServiceConfig::load);
  }

  private static ServiceConfig load(String module) {
    Properties raw = new Properties();
    try {
      raw.load(
          new StringReader(Repo.read(Repo.ROOT.resolve(module).resolve("src/main/resources/application.properties"))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> properties = new LinkedHashMap<>();
    raw.stringPropertyNames().stream().filter(k -> !k.startsWith("%")).sorted()
        .forEach(k -> properties.put(k, raw.getProperty(k)));
    List<ConfigKey> keys = new ArrayList<>();
    for (var source : Repo.mainSources(module)) {
      ConfigMappingParser.parse(Repo.read(source)).ifPresent(keys::addAll);
    }
    return new ServiceConfig(module, properties, keys);
  }

  /** The environment variable that overrides a property (MicroProfile Config's rule). */
  static String envName(String property) {
    return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  /** The value the service uses without any override: application.properties, else the default. */
  String baseValue(String property) {
    if (properties.containsKey(property)) {
      return properties.get(property);
    }
    return mappingKeys.stream().filter(k -> k.name().equals(property)).map(ConfigKey::defaultValue)
        .filter(v -> v != null).findFirst().orElse(null);
  }

  /** The value in effect once the environment is applied. */
  String effectiveValue(String property, Map<String, String> env) {
    return env.getOrDefault(envName(property), baseValue(property));
  }

  /**
   * Properties a deployment must set: mapping keys with no default that application.properties
   * does not set either (the service would not start), and every value that names localhost
   * (where Kafka, PostgreSQL and our own host name are on a developer's machine only).
   */
  Set<String> requiredProperties() {
    Set<String> required = new LinkedHashSet<>();
    for (ConfigKey key : mappingKeys) {
      if (!key.hasDefault() && !key.optional() && !properties.containsKey(key.name())) {
        required.add(key.name());
      }
    }
    for (String property : allPropertyNames()) {
      String value = baseValue(property);
      if (value != null && value.contains("localhost")) {
        required.add(property);
      }
    }
    return required;
  }

  /** Properties that hold credentials: a deployment takes them from a Secret, never a literal. */
  Set<String> credentialProperties() {
    Set<String> credentials = new LinkedHashSet<>();
    for (String property : allPropertyNames()) {
      String last = property.substring(property.lastIndexOf('.') + 1);
      if (last.equals("password") || last.equals("username") || last.equals("token")) {
        credentials.add(property);
      }
    }
    return credentials;
  }

  /**
   * The ports the service listens on, by the name its container port must carry: properties whose
   * last segment is exactly {@code port} ({@code quarkus.http.port} is "http", {@code
   * postfleet.smtp.port} is "smtp"); {@code *-port} keys such as the relay's are ports of others.
   */
  Map<String, String> listenerPorts() {
    Map<String, String> ports = new LinkedHashMap<>();
    for (String property : allPropertyNames()) {
      if (property.endsWith(".port")) {
        String group = property.substring(0, property.length() - ".port".length());
        String name = property.equals("quarkus.http.port") ? "http" : group.substring(group.lastIndexOf('.') + 1);
        ports.put(name, property);
      }
    }
    return ports;
  }

  /**
   * A setting of one listener, named by the listener: a sibling of its port property, e.g.
   * ("submission", "enabled") is {@code postfleet.smtp.submission.enabled}; empty if it has none.
   */
  Optional<String> listenerSetting(String listener, String setting) {
    String port = listenerPorts().get(listener);
    if (port == null) {
      return Optional.empty();
    }
    String property = port.substring(0, port.length() - "port".length()) + setting;
    return allPropertyNames().contains(property) ? Optional.of(property) : Optional.empty();
  }

  /** Whether an environment variable overrides a property this service has. */
  boolean reads(String envVar) {
    return property(envVar) != null;
  }

  /** The property an environment variable overrides, a map key matching its {@code *}; or null. */
  String property(String envVar) {
    for (String property : allPropertyNames()) {
      String pattern = Arrays.stream(property.split("\\*", -1))
          .map(part -> Pattern.quote(envName(part))).collect(Collectors.joining("[A-Z0-9_]+"));
      if (envVar.matches(pattern)) {
        return property;
      }
    }
    return null;
  }

  /**
   * Every property the service reads: application.properties' keys, the mapping keys, and the
   * properties that values refer to ({@code ${postfleet.dkim.master-key:}}), which the
   * environment sets as well.
   */
  Set<String> allPropertyNames() {
    Set<String> names = new LinkedHashSet<>(properties.keySet());
    mappingKeys.forEach(k -> names.add(k.name()));
    properties.values().forEach(v -> EXPRESSION.matcher(v).results().forEach(m -> names.add(m.group(1))));
    return names;
  }
}
