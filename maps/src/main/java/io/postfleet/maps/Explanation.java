package io.postfleet.maps;

import java.util.List;

/**
 * Why an address routes where it does.
 *
 * @param mapsVersion the version of the maps consulted
 * @param steps each map consulted and what it answered, indented by alias depth
 * @param routes the final routes, as {@link MapsSnapshot#route} returns them
 */
public record Explanation(long mapsVersion, List<String> steps, List<Route> routes) {
  public Explanation {
    steps = List.copyOf(steps);
    routes = List.copyOf(routes);
  }
}
