package io.postfleet.maps;

import java.util.ArrayList;
import java.util.List;

/** The steps of a lookup, kept only when someone asks why ({@link MapsSnapshot#explain}). */
class Trace {
  /** Routing mail keeps no trace: this one drops every step. */
  static final Trace OFF = new Trace() {
    @Override
    void add(int depth, String step) {}
  };

  private final List<String> steps = new ArrayList<>();

  void add(int depth, String step) {
    steps.add("  ".repeat(depth) + step);
  }

  List<String> steps() {
    return List.copyOf(steps);
  }
}
