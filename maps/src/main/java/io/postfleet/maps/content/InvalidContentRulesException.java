package io.postfleet.maps.content;

import java.util.List;

/** A rule table with bad lines; the problems name their line numbers. */
public final class InvalidContentRulesException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public InvalidContentRulesException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
