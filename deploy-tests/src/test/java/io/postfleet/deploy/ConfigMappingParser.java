package io.postfleet.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the properties a {@code @ConfigMapping} interface declares from its Java source, the way
 * SmallRye Config names them: prefix, then each method in kebab case, nested interfaces as groups.
 * It knows the shapes the services use (nested interfaces, Optional, Map, @WithDefault, @WithName);
 * a map's free key is written {@code *}, as in {@code postfleet.relay.auth.*.password}.
 */
final class ConfigMappingParser {
  private static final Pattern MAPPING = Pattern
      .compile("@ConfigMapping\\s*\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"\\s*\\)[^{]*?interface\\s+(\\w+)");
  private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)[^{]*\\{");
  private static final Pattern METHOD = Pattern.compile(
      "((?:@\\w+(?:\\s*\\((?:\"(?:[^\"\\\\]|\\\\.)*\"|[^)\"])*\\))?\\s*)*)([\\w.]+(?:<[^;(]*>)?)\\s+(\\w+)\\s*\\(\\s*\\)\\s*;");
  private static final Pattern WITH_DEFAULT = Pattern
      .compile("@WithDefault\\s*\\(\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*\\)");
  private static final Pattern MAP = Pattern.compile("Map<\\s*String\\s*,\\s*([\\w.]+)\\s*>");
  private static final Pattern WITH_NAME = Pattern.compile("@WithName\\s*\\(\\s*\"([^\"]+)\"\\s*\\)");

  private ConfigMappingParser() {}

  /** The keys of the mapping in this source, or nothing if the source declares none. */
  static Optional<List<ConfigKey>> parse(String javaSource) {
    String source = JavaText.withoutComments(javaSource);
    Matcher mapping = MAPPING.matcher(source);
    if (!mapping.find()) {
      return Optional.empty();
    }
    Map<String, String> bodies = interfaceBodies(source);
    List<ConfigKey> keys = new ArrayList<>();
    collect(bodies, mapping.group(2), mapping.group(1), false, keys);
    return Optional.of(keys);
  }

  private static void collect(
      Map<String, String> bodies, String iface, String prefix, boolean optional, List<ConfigKey> out) {
    Matcher method = METHOD.matcher(JavaText.topLevel(bodies.get(iface)));
    while (method.find()) {
      String annotations = method.group(1);
      String type = method.group(2);
      Matcher named = WITH_NAME.matcher(annotations);
      String name = prefix + "." + (named.find() ? named.group(1) : kebab(method.group(3)));
      boolean isOptional = optional || type.startsWith("Optional<");
      String valueType = type.startsWith("Optional<") ? type.substring(9, type.length() - 1) : type;
      Matcher map = MAP.matcher(valueType);
      if (map.matches()) {
        // A map has as many entries as the configuration gives, none included: its keys are free.
        name = name + ".*";
        valueType = map.group(1);
        isOptional = true;
      }
      if (bodies.containsKey(valueType)) {
        collect(bodies, valueType, name, isOptional, out);
        continue;
      }
      Matcher defaultValue = WITH_DEFAULT.matcher(annotations);
      out.add(new ConfigKey(name, defaultValue.find() ? defaultValue.group(1) : null, isOptional));
    }
  }

  /** Interface name to the text between its braces, nested interfaces included. */
  private static Map<String, String> interfaceBodies(String source) {
    Map<String, String> bodies = new LinkedHashMap<>();
    Matcher iface = INTERFACE.matcher(source);
    while (iface.find()) {
      int open = iface.end() - 1;
      bodies.put(iface.group(1), source.substring(open + 1, JavaText.closingBrace(source, open)));
    }
    return bodies;
  }

  static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }
}
