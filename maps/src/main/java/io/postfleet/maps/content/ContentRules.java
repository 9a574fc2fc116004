package io.postfleet.maps.content;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The three rule tables as one immutable snapshot. Each line is matched against its table in order
 * and the first rule that applies decides, as in Postfix. Without MIME header rules, MIME header
 * fields are matched against the header rules, as Postfix's default
 * {@code mime_header_checks = $header_checks} does.
 */
public final class ContentRules {
  public static final ContentRules NONE = new ContentRules(Map.of());

  /** The rule that applied to a line and its text with the groups filled in. */
  public record Match(ContentRule rule, String text) {
    public ContentAction action() {
      return rule.action();
    }
  }

  private final Map<ContentCheckKind, List<ContentRule>> tables;

  public ContentRules(Map<ContentCheckKind, List<ContentRule>> tables) {
    Map<ContentCheckKind, List<ContentRule>> copy = new EnumMap<>(ContentCheckKind.class);
    for (ContentCheckKind kind : ContentCheckKind.values()) {
      copy.put(kind, List.copyOf(tables.getOrDefault(kind, List.of())));
    }
    this.tables = copy;
  }

  public List<ContentRule> rules(ContentCheckKind kind) {
    return tables.get(kind);
  }

  public boolean isEmpty() {
    return tables.values().stream().allMatch(List::isEmpty);
  }

  /** The first rule of the table that applies to this unfolded header field or body line. */
  public Optional<Match> firstMatch(ContentCheckKind kind, String line) {
    List<ContentRule> rules = kind == ContentCheckKind.MIME_HEADER && tables.get(kind).isEmpty()
        ? tables.get(ContentCheckKind.HEADER)
        : tables.get(kind);
    for (ContentRule rule : rules) {
      Optional<String> text = rule.apply(line);
      if (text.isPresent()) {
        return Optional.of(new Match(rule, text.get()));
      }
    }
    return Optional.empty();
  }
}
