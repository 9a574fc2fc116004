package io.postfleet.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

class TestDnsServerTest {
  private TestDnsServer dns;

  @BeforeEach
  void start() throws IOException {
    dns = TestDnsServer.start();
  }

  @AfterEach
  void stop() {
    dns.close();
  }

  @Test
  void answersMxAndAddressRecordsOverUdp() throws IOException {
    dns.mx("outside.test", 20, "mx2.outside.test")
        .mx("outside.test", 10, "mx1.outside.test")
        .a("mx1.outside.test", "127.0.0.1")
        .aaaa("mx1.outside.test", "::1");

    Message mx = ask("outside.test", Type.MX, false);
    assertEquals(Rcode.NOERROR, mx.getRcode());
    assertEquals(
        List.of("10 mx1.outside.test.", "20 mx2.outside.test."),
        answers(mx).stream().map(Record::rdataToString).sorted().collect(Collectors.toList()));
    assertEquals(List.of("127.0.0.1"), rdata(ask("mx1.outside.test", Type.A, false)));
    assertEquals(List.of("0:0:0:0:0:0:0:1"), rdata(ask("mx1.outside.test", Type.AAAA, false)));
    assertEquals(
        List.of("outside.test. MX", "mx1.outside.test. A", "mx1.outside.test. AAAA"), dns.queries());
  }

  @Test
  void answersPtrAtTheReverseNameOfIpv4AndIpv6Addresses() throws IOException {
    dns.ptr("192.0.2.99", "mail.outside.test").ptr("2001:db8::1", "v6.outside.test");

    assertEquals(List.of("mail.outside.test."), rdata(ask("99.2.0.192.in-addr.arpa", Type.PTR, false)));
    assertEquals(
        List.of("v6.outside.test."),
        rdata(ask("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", Type.PTR, false)));
    assertEquals(Rcode.NXDOMAIN, ask("98.2.0.192.in-addr.arpa", Type.PTR, false).getRcode());
  }

  @Test
  void answersTheSameOverTcp() throws IOException {
    dns.a("tcp.outside.test", "127.0.0.9");

    assertEquals(List.of("127.0.0.9"), rdata(ask("tcp.outside.test", Type.A, true)));
  }

  @Test
  void followsCnameInsideTheZone() throws IOException {
    dns.cname("alias.outside.test", "real.outside.test").a("real.outside.test", "127.0.0.3");

    Message answer = ask("alias.outside.test", Type.A, false);

    assertEquals(
        List.of("real.outside.test.", "127.0.0.3"),
        answers(answer).stream().map(Record::rdataToString).collect(Collectors.toList()));
  }

  @Test
  void unknownNameIsNxdomainButExistingNameWithoutTheTypeIsNodata() throws IOException {
    dns.a("outside.test", "127.0.0.1").a("host.deep.outside.test", "127.0.0.2");

    assertEquals(Rcode.NXDOMAIN, ask("nowhere.test", Type.MX, false).getRcode());
    Message nodata = ask("outside.test", Type.MX, false);
    assertEquals(Rcode.NOERROR, nodata.getRcode());
    assertTrue(answers(nodata).isEmpty());
    // An empty non-terminal exists (RFC 8020): NODATA, not NXDOMAIN.
    assertEquals(Rcode.NOERROR, ask("deep.outside.test", Type.A, false).getRcode());
  }

  @Test
  void forcedNxdomainAndServfailWinOverRecords() throws IOException {
    dns.a("gone.test", "127.0.0.1").nxdomain("gone.test").servfail("broken.test");

    assertEquals(Rcode.NXDOMAIN, ask("gone.test", Type.A, false).getRcode());
    assertEquals(Rcode.SERVFAIL, ask("broken.test", Type.MX, false).getRcode());
  }

  @Test
  void delayedAnswerMakesAShortTimeoutExpireWhileOtherNamesStillAnswer() throws IOException {
    dns.delay("slow.test", Duration.ofSeconds(2)).a("slow.test", "127.0.0.1").a("fast.test", "127.0.0.1");
    SimpleResolver resolver = resolver(false);
    resolver.setTimeout(Duration.ofMillis(300));

    assertThrows(IOException.class, () -> resolver.send(Message.newQuery(question("slow.test", Type.A))));
    assertEquals(List.of("127.0.0.1"), rdata(ask("fast.test", Type.A, false)));
  }

  private Message ask(String name, int type, boolean tcp) throws IOException {
    return resolver(tcp).send(Message.newQuery(question(name, type)));
  }

  private SimpleResolver resolver(boolean tcp) {
    SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", dns.port()));
    resolver.setTCP(tcp);
    resolver.setTimeout(Duration.ofSeconds(3));
    return resolver;
  }

  private static Record question(String name, int type) throws IOException {
    return Record.newRecord(Name.fromString(name, Name.root), type, org.xbill.DNS.DClass.IN);
  }

  private static List<Record> answers(Message m) {
    return m.getSection(Section.ANSWER);
  }

  private static List<String> rdata(Message m) {
    return answers(m).stream().map(Record::rdataToString).collect(Collectors.toList());
  }
}
