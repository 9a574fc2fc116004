package io.postfleet.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The records a {@link TestDnsServer} answers from, and how it turns a query into a response. Names
 * nobody wrote answer NXDOMAIN, names that exist without the asked type answer NOERROR with an empty
 * answer (NODATA, RFC 2308 §2.2), and CNAMEs are followed inside the zone as an authoritative server
 * does (RFC 1034 §4.3.2).
 */
final class TestZone {
  /** Enough hops for any test; a loop ends here instead of spinning. */
  private static final int MAX_CNAME_HOPS = 8;

  private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
  private final Map<Name, Integer> forcedRcodes = new ConcurrentHashMap<>();
  private final Map<Name, Duration> delays = new ConcurrentHashMap<>();

  void add(Record record) {
    records.computeIfAbsent(record.getName(), n -> new CopyOnWriteArrayList<>()).add(record);
  }

  void forceRcode(Name name, int rcode) {
    forcedRcodes.put(name, rcode);
  }

  void delay(Name name, Duration delay) {
    delays.put(name, delay);
  }

  Duration delayFor(Name name) {
    return delays.getOrDefault(name, Duration.ZERO);
  }

  Message answer(Message query) {
    Message response = new Message(query.getHeader().getID());
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setFlag(Flags.AA);
    if (query.getHeader().getFlag(Flags.RD)) {
      response.getHeader().setFlag(Flags.RD);
      response.getHeader().setFlag(Flags.RA);
    }
    Record question = query.getQuestion();
    if (question == null) {
      response.getHeader().setRcode(Rcode.FORMERR);
      return response;
    }
    response.addRecord(question, Section.QUESTION);
    response.getHeader().setRcode(fillAnswer(response, question.getName(), question.getType()));
    return response;
  }

  private int fillAnswer(Message response, Name asked, int type) {
    Name current = asked;
    for (int hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
      Integer forced = forcedRcodes.get(current);
      if (forced != null) {
        return forced;
      }
      List<Record> here = records.getOrDefault(current, List.of());
      Record cname = firstOfType(here, Type.CNAME);
      if (cname != null && type != Type.CNAME) {
        response.addRecord(cname, Section.ANSWER);
        current = ((CNAMERecord) cname).getTarget();
        continue;
      }
      for (Record r : here) {
        if (r.getType() == type) {
          response.addRecord(r, Section.ANSWER);
        }
      }
      // The rcode describes the last name of the chain (RFC 6604 §2.1).
      return exists(current) ? Rcode.NOERROR : Rcode.NXDOMAIN;
    }
    return Rcode.SERVFAIL;
  }

  /** A name exists if it owns records or is an ancestor of one that does (an empty non-terminal). */
  private boolean exists(Name name) {
    for (Name owner : records.keySet()) {
      if (owner.subdomain(name)) {
        return true;
      }
    }
    return false;
  }

  private static Record firstOfType(List<Record> list, int type) {
    for (Record r : list) {
      if (r.getType() == type) {
        return r;
      }
    }
    return null;
  }
}
