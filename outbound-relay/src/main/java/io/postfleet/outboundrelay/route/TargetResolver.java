package io.postfleet.outboundrelay.route;

import java.util.List;

/** Turns a next hop into the addresses to try, in order. */
public interface TargetResolver {

  /**
   * @return at least one target, best first
   * @throws RouteLookupException when no target can be named, saying whether that is final
   */
  List<Target> resolve(NextHop nextHop) throws RouteLookupException;
}
