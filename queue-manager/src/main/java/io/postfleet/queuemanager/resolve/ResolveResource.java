package io.postfleet.queuemanager.resolve;

import io.postfleet.maps.Explanation;
import io.postfleet.maps.LiveRecipientMaps;
import io.postfleet.maps.MapsSnapshot;
import io.postfleet.maps.Route;
import io.postfleet.queuemanager.admin.ApiProblem;
import io.postfleet.queuemanager.admin.Names;
import io.postfleet.queuemanager.admin.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;

/**
 * {@code postmap -q} and {@code sendmail -bv} together: how an address would be routed right now,
 * and why, from the same in-memory maps the router uses (refreshed first, so a change just made
 * through the API shows).
 */
@Path("/api/v1/resolve")
public class ResolveResource {
  private final LiveRecipientMaps maps;

  public ResolveResource(LiveRecipientMaps maps) {
    this.maps = maps;
  }

  /**
   * @param route {@code mailbox}, {@code smtp} or {@code bounce}
   * @param address the mailbox or the recipient address
   * @param nextHop for smtp: the domain to look up by MX, or {@code [host]:port}; for pipe: the command
   * @param status for bounce: the RFC 3463 status
   * @param reason for bounce: why
   */
  public record RouteDto(String route, String address, String nextHop, String status, String reason) {}

  /** The answer: the steps taken, in order, and where the address ends up. */
  public record Resolution(String address, long mapsVersion, List<String> steps, List<RouteDto> routes) {}

  @RolesAllowed(Roles.READER)
  @GET
  public Resolution resolve(@QueryParam("address") String address) {
    if (address == null || address.isBlank()) {
      throw ApiProblem.invalid("give the address to resolve: ?address=user@example.org");
    }
    String normalised = Names.address(address);
    MapsSnapshot snapshot = maps.refreshNow();
    if (snapshot == null) {
      throw ApiProblem.unavailable("the maps have not been loaded yet");
    }
    Explanation why = snapshot.explain(normalised);
    return new Resolution(normalised, why.mapsVersion(), why.steps(),
        why.routes().stream().map(ResolveResource::dto).toList());
  }

  private static RouteDto dto(Route route) {
    if (route instanceof Route.Mailbox m) {
      return new RouteDto("mailbox", m.address(), null, null, null);
    }
    if (route instanceof Route.Remote r) {
      return new RouteDto("smtp", r.address(), r.nextHop(), null, null);
    }
    if (route instanceof Route.Pipe p) {
      return new RouteDto("pipe", p.address(), p.command(), null, null);
    }
    Route.Undeliverable u = (Route.Undeliverable) route;
    return new RouteDto("bounce", u.address(), null, u.dsnStatus(), u.reason());
  }
}
