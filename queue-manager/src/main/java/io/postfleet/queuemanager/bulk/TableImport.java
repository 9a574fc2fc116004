package io.postfleet.queuemanager.bulk;

import io.postfleet.queuemanager.admin.ApiProblem;
import io.postfleet.queuemanager.admin.Names;
import io.postfleet.queuemanager.transport.NextHops;
import io.postfleet.queuemanager.transport.TransportEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;

/**
 * Imports a Postfix table file all or nothing: every line is validated first, and one bad line
 * rejects the whole file with every problem listed by line number, so a migration never stops half
 * done. Entries that exist are updated, others created, none deleted.
 */
@ApplicationScoped
public class TableImport {
  private final MapsWriter writer;

  public TableImport(MapsWriter writer) {
    this.writer = writer;
  }

  @Transactional
  public ImportReport run(TableFormat format, String text, String domain, boolean dryRun) {
    List<String> errors = new ArrayList<>();
    List<MapsWriter.Change> changes = new ArrayList<>();
    List<TableLine> lines = format == TableFormat.ALIASES ? PostfixTables.aliases(text) : PostfixTables.table(text);
    String aliasDomain = format == TableFormat.ALIASES ? requireDomain(domain) : null;
    for (TableLine line : lines) {
      try {
        changes.add(parse(format, line, aliasDomain));
      } catch (ApiProblem e) {
        errors.add("line " + line.number() + ": " + e.problem().detail());
      }
    }
    MapsWriter.Result result = writer.plan(changes, errors);
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(String.join("; ", errors));
    }
    if (!dryRun) {
      writer.apply(result);
    }
    return new ImportReport(format, dryRun, result.created(), result.updated(), result.unchanged());
  }

  private static MapsWriter.Change parse(TableFormat format, TableLine line, String aliasDomain) {
    return switch (format) {
      case ALIASES -> new MapsWriter.AliasChange(qualify(line.key(), aliasDomain), targets(line, aliasDomain));
      case VIRTUAL -> virtual(line);
      case MAILBOXES -> new MapsWriter.MailboxChange(Names.address(line.key()));
      case TRANSPORT -> transport(line);
    };
  }

  private static MapsWriter.Change virtual(TableLine line) {
    if (!line.key().contains("@")) {
      // virtual(5): a bare domain on the left declares a virtual alias domain; its value is ignored.
      return new MapsWriter.DomainChange(Names.domain(line.key()));
    }
    return new MapsWriter.AliasChange(Names.aliasKey(line.key()), targets(line, null));
  }

  private static MapsWriter.Change transport(TableLine line) {
    String value = line.value();
    int colon = value.indexOf(':');
    String name = colon < 0 ? value : value.substring(0, colon);
    String nexthop = colon < 0 ? "" : value.substring(colon + 1);
    TransportEntry.Kind kind = switch (name) {
      case "smtp", "relay" -> TransportEntry.Kind.SMTP;
      case "local", "virtual", "lmtp" -> TransportEntry.Kind.LOCAL;
      case "error" -> TransportEntry.Kind.ERROR;
      // Postfleet's own form, as the export writes it: the command itself rather than a master.cf name.
      case "pipe" -> TransportEntry.Kind.PIPE;
      default -> throw ApiProblem.invalid(
          "transport '" + name + "' is not one Postfleet has (smtp, relay, local, virtual, error, pipe)");
    };
    String hop = kind == TransportEntry.Kind.LOCAL ? "" : nexthop;
    return new MapsWriter.TransportChange(NextHops.pattern(line.key()), kind, NextHops.of(kind, hop));
  }

  private static List<String> targets(TableLine line, String domain) {
    List<String> targets = new ArrayList<>();
    for (String t : PostfixTables.targets(line.value())) {
      if (t.startsWith("|") || t.startsWith("/") || t.startsWith(":include:")) {
        throw ApiProblem.invalid("'" + t + "': commands, files and includes are not delivered by Postfleet");
      }
      targets.add(qualify(t, domain));
    }
    if (targets.isEmpty()) {
      throw ApiProblem.invalid("'" + line.key() + "' has no targets");
    }
    return targets;
  }

  /** aliases(5) names are local parts of the domain the file is imported for. */
  private static String qualify(String name, String domain) {
    if (name.contains("@") || domain == null) {
      return Names.address(name);
    }
    return Names.address(name + "@" + domain);
  }

  private static String requireDomain(String domain) {
    if (domain == null || domain.isBlank()) {
      throw ApiProblem.invalid("an aliases file is for one domain: give ?domain=");
    }
    return Names.domain(domain);
  }
}
