package io.postfleet.queuemanager.bulk;

import io.postfleet.queuemanager.admin.Names;
import io.postfleet.queuemanager.alias.Alias;
import io.postfleet.queuemanager.audit.AuditLog;
import io.postfleet.queuemanager.domain.Domain;
import io.postfleet.queuemanager.mailbox.Mailbox;
import io.postfleet.queuemanager.transport.TransportEntry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Plans a batch of map entries against what is stored, and writes the plan with an audit record each. */
@ApplicationScoped
public class MapsWriter {
  /** One entry a file asks for. */
  public sealed interface Change {
    String key();
  }

  public record DomainChange(String key) implements Change {}

  public record AliasChange(String key, List<String> targets) implements Change {}

  public record MailboxChange(String key) implements Change {}

  public record TransportChange(String key, TransportEntry.Kind kind, String nexthop) implements Change {}

  /** The plan: which changes create, which update, how many are already so. */
  public record Result(List<Change> toCreate, List<Change> toUpdate, int unchanged) {
    List<String> created() {
      return toCreate.stream().map(Change::key).toList();
    }

    List<String> updated() {
      return toUpdate.stream().map(Change::key).toList();
    }
  }

  private final AuditLog audit;

  public MapsWriter(AuditLog audit) {
    this.audit = audit;
  }

  /** Adds a line to {@code errors} for every change that cannot be made. */
  Result plan(List<Change> changes, List<String> errors) {
    Set<String> declaredDomains = new HashSet<>();
    for (Change c : changes) {
      if (c instanceof DomainChange d) {
        declaredDomains.add(d.key());
      }
    }
    List<Change> create = new ArrayList<>();
    List<Change> update = new ArrayList<>();
    int unchanged = 0;
    for (Change c : changes) {
      String problem = check(c, declaredDomains);
      if (problem != null) {
        errors.add(c.key() + ": " + problem);
        continue;
      }
      Boolean same = sameAsStored(c);
      if (same == null) {
        create.add(c);
      } else if (same) {
        unchanged++;
      } else {
        update.add(c);
      }
    }
    return new Result(create, update, unchanged);
  }

  void apply(Result plan) {
    // Domains first: a virtual(5) file may declare its domain after the aliases that use it.
    plan.toCreate().stream().filter(c -> c instanceof DomainChange).forEach(c -> write(c, true));
    plan.toCreate().stream().filter(c -> !(c instanceof DomainChange)).forEach(c -> write(c, true));
    for (Change c : plan.toUpdate()) {
      write(c, false);
    }
  }

  private static String check(Change c, Set<String> declaredDomains) {
    if (c instanceof DomainChange d) {
      Domain existing = Domain.findById(d.key());
      return existing != null && existing.kind != Domain.Kind.VIRTUAL_ALIAS
          ? "already a " + existing.kind + " domain"
          : null;
    }
    if (c instanceof TransportChange) {
      return null;
    }
    String domain = Names.domainOf(c.key());
    Domain owner = Domain.findById(domain);
    Domain.Kind kind = owner != null ? owner.kind : declaredDomains.contains(domain) ? Domain.Kind.VIRTUAL_ALIAS : null;
    if (kind == null) {
      return "domain " + domain + " is not one of ours";
    }
    if (c instanceof MailboxChange) {
      return kind != Domain.Kind.LOCAL
          ? "mailboxes live in LOCAL domains"
          : Alias.findById(c.key()) != null
              ? "an alias of that name exists"
              : null;
    }
    if (kind == Domain.Kind.RELAY) {
      return "a RELAY domain holds no aliases";
    }
    return Mailbox.findById(c.key()) != null ? "a mailbox of that name exists; an alias would shadow it" : null;
  }

  /** null: not stored yet; true: stored exactly so; false: stored otherwise. */
  private static Boolean sameAsStored(Change c) {
    if (c instanceof DomainChange d) {
      return Domain.findById(d.key()) == null ? null : Boolean.TRUE;
    }
    if (c instanceof MailboxChange m) {
      return Mailbox.findById(m.key()) == null ? null : Boolean.TRUE;
    }
    if (c instanceof AliasChange a) {
      Alias stored = Alias.findById(a.key());
      return stored == null ? null : stored.targets.equals(a.targets());
    }
    TransportChange t = (TransportChange) c;
    TransportEntry stored = TransportEntry.findById(t.key());
    return stored == null ? null : stored.kind == t.kind() && stored.nexthop.equals(t.nexthop());
  }

  private void write(Change c, boolean create) {
    String resource;
    Object before = null;
    Map<String, Object> after;
    if (c instanceof DomainChange d) {
      Domain domain = new Domain();
      domain.name = d.key();
      domain.kind = Domain.Kind.VIRTUAL_ALIAS;
      domain.persist();
      resource = "domain";
      after = Map.of("name", d.key(), "kind", Domain.Kind.VIRTUAL_ALIAS);
    } else if (c instanceof MailboxChange m) {
      Mailbox mailbox = new Mailbox();
      mailbox.address = m.key();
      mailbox.domain = Names.domainOf(m.key());
      mailbox.receiveEnabled = true;
      mailbox.persist();
      resource = "mailbox";
      after = Map.of("address", m.key(), "receiveEnabled", true);
    } else if (c instanceof AliasChange a) {
      Alias alias = create ? new Alias() : Alias.findById(a.key());
      if (!create) {
        before = Map.of("address", a.key(), "targets", List.copyOf(alias.targets));
      }
      alias.address = a.key();
      alias.domain = Names.domainOf(a.key());
      alias.targets.clear();
      alias.targets.addAll(a.targets());
      alias.persist();
      resource = "alias";
      after = Map.of("address", a.key(), "targets", a.targets());
    } else {
      TransportChange t = (TransportChange) c;
      TransportEntry entry = create ? new TransportEntry() : TransportEntry.findById(t.key());
      if (!create) {
        before = Map.of("pattern", t.key(), "kind", entry.kind, "nexthop", entry.nexthop);
      }
      entry.pattern = t.key();
      entry.kind = t.kind();
      entry.nexthop = t.nexthop();
      entry.persist();
      resource = "transport";
      after = Map.of("pattern", t.key(), "kind", t.kind(), "nexthop", t.nexthop());
    }
    // Domains must exist before the aliases that reference them reach the database.
    Domain.flush();
    if (create) {
      audit.created(resource, c.key(), after);
    } else {
      audit.updated(resource, c.key(), before, after);
    }
  }
}
