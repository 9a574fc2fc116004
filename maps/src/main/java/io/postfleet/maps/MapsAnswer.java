package io.postfleet.maps;

/**
 * A yes-or-no question put to the maps, answered three ways: "cannot say" (the maps were never
 * loaded) is its own answer, which callers turn into a temporary failure, never into a permanent
 * one nor into a pass (Postfix {@code global/maps.c}: a lookup error is neither found nor not found).
 */
public enum MapsAnswer {
  YES,
  NO,
  /** The maps were never loaded: SMTP answers {@code 4xx}. */
  UNAVAILABLE;

  static MapsAnswer of(boolean yes) {
    return yes ? YES : NO;
  }
}
