package io.postfleet.queuemanager.bulk;

import io.postfleet.queuemanager.admin.Names;
import io.postfleet.queuemanager.alias.Alias;
import io.postfleet.queuemanager.domain.Domain;
import io.postfleet.queuemanager.mailbox.Mailbox;
import io.postfleet.queuemanager.transport.TransportEntry;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

/** Writes the maps in Postfix's own file formats, ready for postmap(1) or for import elsewhere. */
@ApplicationScoped
public class TableExport {

  public String export(TableFormat format, String domain) {
    StringBuilder out = new StringBuilder("# exported by Postfleet\n");
    switch (format) {
      case ALIASES -> {
        String d = Names.domain(domain);
        for (Alias a : Alias.<Alias>list("domain = ?1 and address not like '@%'", Sort.by("address"), d)) {
          out.append(a.address, 0, a.address.lastIndexOf('@')).append(": ")
              .append(String.join(", ", a.targets)).append('\n');
        }
      }
      case VIRTUAL -> {
        for (Domain v : Domain.<Domain>list("kind", Sort.by("name"), Domain.Kind.VIRTUAL_ALIAS)) {
          out.append(v.name).append(" virtual\n");
        }
        for (Alias a : Alias.<Alias>listAll(Sort.by("address"))) {
          out.append(a.address).append(' ').append(String.join(", ", a.targets)).append('\n');
        }
      }
      case MAILBOXES -> {
        for (Mailbox m : Mailbox.<Mailbox>listAll(Sort.by("address"))) {
          String local = m.address.substring(0, m.address.lastIndexOf('@'));
          out.append(m.address).append(' ').append(m.domain).append('/').append(local).append("/Maildir/\n");
        }
      }
      case TRANSPORT -> {
        for (TransportEntry t : TransportEntry.<TransportEntry>listAll(Sort.by("pattern"))) {
          String name = switch (t.kind) {
            case SMTP -> "smtp";
            case LOCAL -> "local";
            case ERROR -> "error";
            case PIPE -> "pipe";
          };
          out.append(t.pattern).append(' ').append(name).append(':').append(t.nexthop).append('\n');
        }
      }
    }
    return out.toString();
  }
}
