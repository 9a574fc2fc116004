package io.postfleet.queuemanager.bulk.rest;

import io.postfleet.queuemanager.admin.ApiProblem;
import io.postfleet.queuemanager.admin.Roles;
import io.postfleet.queuemanager.bulk.ImportReport;
import io.postfleet.queuemanager.bulk.TableExport;
import io.postfleet.queuemanager.bulk.TableFormat;
import io.postfleet.queuemanager.bulk.TableImport;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;

/**
 * Migration from and to Postfix: {@code POST /api/v1/tables/{format}} imports a file in that
 * format (text/plain body, {@code ?dryRun=true} to only see what would change), {@code GET} exports
 * the maps in it. Formats: aliases, virtual, mailboxes, transport.
 */
@Path("/api/v1/tables/{format}")
public class TablesResource {
  private final TableImport imports;
  private final TableExport exports;

  public TablesResource(TableImport imports, TableExport exports) {
    this.imports = imports;
    this.exports = exports;
  }

  @RolesAllowed(Roles.ADMIN)
  @POST
  @Consumes(MediaType.TEXT_PLAIN)
  public ImportReport importTable(@PathParam("format") String format, @QueryParam("domain") String domain,
      @QueryParam("dryRun") boolean dryRun, String body) {
    return imports.run(format(format), body == null ? "" : body, domain, dryRun);
  }

  @RolesAllowed(Roles.READER)
  @GET
  @Produces(MediaType.TEXT_PLAIN)
  public String exportTable(@PathParam("format") String format, @QueryParam("domain") String domain) {
    TableFormat f = format(format);
    if (f == TableFormat.ALIASES && (domain == null || domain.isBlank())) {
      throw ApiProblem.invalid("an aliases file is for one domain: give ?domain=");
    }
    return exports.export(f, domain);
  }

  private static TableFormat format(String name) {
    try {
      return TableFormat.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.notFound("table format", name + " (aliases, virtual, mailboxes, transport)");
    }
  }
}
