package io.postfleet.smtpingress.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.postfleet.smtpingress.session.ClientEndpoint;
import io.postfleet.smtpingress.session.TlsFacts;
import java.net.InetAddress;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReceivedHeaderTest {
  private static final ZonedDateTime WHEN = ZonedDateTime.parse("2025-06-03T10:04:05+02:00");

  @Test
  void oneRecipientIsNamedWithFor() throws Exception {
    ClientEndpoint client = new ClientEndpoint(InetAddress.getByName("192.0.2.1"), "client.example.test");

    assertEquals("Received: from mail.example.test (client.example.test [192.0.2.1])\r\n"
        + "\tby mx.example.test (Postfleet) with ESMTP id 0ABCDEFGHIJKLMNO\r\n"
        + "\tfor <request@mail.example.test>; Tue, 3 Jun 2025 10:04:05 +0200\r\n",
        ReceivedHeader.render(new ReceivedHeader.Trace("mail.example.test", client, "ESMTP", Optional.empty(), ""),
            "mx.example.test", "0ABCDEFGHIJKLMNO", List.of("request@mail.example.test"), WHEN));
  }

  @Test
  void manyRecipientsAreNotDisclosedAndIpv6IsAnAddressLiteral() throws Exception {
    ClientEndpoint client = new ClientEndpoint(InetAddress.getByName("::1"), "unknown");

    assertEquals("Received: from helo.test (unknown [IPv6:0:0:0:0:0:0:0:1])\r\n"
        + "\tby mx.example.test (Postfleet) with SMTP id ID;\r\n"
        + "\tTue, 3 Jun 2025 10:04:05 +0200\r\n",
        ReceivedHeader.render(new ReceivedHeader.Trace("helo.test", client, "SMTP", Optional.empty(), ""),
            "mx.example.test", "ID", List.of("a@x.test", "b@x.test"), WHEN));
  }

  @Test
  void tlsAndTheAuthenticatedSenderAreRecorded() throws Exception {
    ClientEndpoint client = new ClientEndpoint(InetAddress.getByName("192.0.2.1"), "unknown");
    TlsFacts tls = new TlsFacts("TLSv1.3", "TLS_AES_256_GCM_SHA384");

    assertEquals("Received: from laptop (unknown [192.0.2.1])\r\n"
        + "\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384)\r\n"
        + "\t(Authenticated sender: ann@mail.example.test)\r\n"
        + "\tby mx.example.test (Postfleet) with ESMTPSA id ID\r\n"
        + "\tfor <x@y.test>; Tue, 3 Jun 2025 10:04:05 +0200\r\n",
        ReceivedHeader.render(new ReceivedHeader.Trace("laptop", client, "ESMTPSA", Optional.of(tls),
            "ann@mail.example.test"), "mx.example.test", "ID", List.of("x@y.test"), WHEN));
  }
}
