package io.postfleet.queuemanager.settings.rest;

import io.postfleet.maps.network.Cidr;
import io.postfleet.queuemanager.admin.ApiProblem;
import io.postfleet.queuemanager.admin.Names;
import io.postfleet.queuemanager.admin.Roles;
import io.postfleet.queuemanager.audit.AuditLog;
import io.postfleet.queuemanager.settings.MapsSetting;
import io.postfleet.queuemanager.settings.TrustedNetwork;
import io.postfleet.queuemanager.transport.NextHops;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One resource for the few settings main.cf holds beside its maps. */
@Path("/api/v1/settings")
public class SettingsResource {
  private static final String RESOURCE = "settings";
  private final AuditLog audit;

  public SettingsResource(AuditLog audit) {
    this.audit = audit;
  }

  @RolesAllowed(Roles.READER)
  @GET
  public SettingsDto get() {
    MapsSetting s = MapsSetting.current();
    List<String> networks = TrustedNetwork.<TrustedNetwork>listAll(Sort.by("cidr")).stream().map(n -> n.cidr).toList();
    return new SettingsDto(s.relayhost, s.senderLoginMatch, networks, s.postmaster);
  }

  @RolesAllowed(Roles.ADMIN)
  @PUT
  @Transactional
  public SettingsDto replace(SettingsDto body) {
    if (body == null) {
      throw ApiProblem.invalid("a JSON body is required");
    }
    return change(new SettingsDto(body.relayhost() == null ? "" : body.relayhost(),
        body.senderLoginMatch() != null && body.senderLoginMatch(),
        body.trustedNetworks() == null ? List.of() : body.trustedNetworks(),
        body.postmaster() == null ? "" : body.postmaster()));
  }

  @RolesAllowed(Roles.ADMIN)
  @PATCH
  @Transactional
  public SettingsDto update(SettingsDto body) {
    if (body == null) {
      throw ApiProblem.invalid("a JSON body is required");
    }
    return change(body);
  }

  /** The canonical form that is stored ({@code 2001:db8::/32}), so the same network is one row. */
  private static String trustedNetwork(String entry) {
    try {
      return Cidr.parse(entry).toString();
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalid(e.getMessage());
    }
  }

  /** Fields left null stay as they are. */
  private SettingsDto change(SettingsDto body) {
    SettingsDto before = get();
    MapsSetting s = MapsSetting.current();
    if (body.relayhost() != null) {
      s.relayhost = NextHops.smtp(body.relayhost());
    }
    if (body.senderLoginMatch() != null) {
      s.senderLoginMatch = body.senderLoginMatch();
    }
    if (body.postmaster() != null) {
      // A full address, looked up in the maps like any recipient; "" for none.
      s.postmaster = body.postmaster().isBlank() ? "" : Names.address(body.postmaster());
    }
    if (body.trustedNetworks() != null) {
      Set<String> networks = new LinkedHashSet<>();
      body.trustedNetworks().forEach(n -> networks.add(trustedNetwork(n)));
      TrustedNetwork.deleteAll();
      for (String cidr : networks) {
        TrustedNetwork n = new TrustedNetwork();
        n.cidr = cidr;
        n.persist();
      }
    }
    TrustedNetwork.flush();
    SettingsDto after = get();
    audit.updated(RESOURCE, "main", before, after);
    return after;
  }
}
