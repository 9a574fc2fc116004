package io.postfleet.outboundrelay.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeaderSectionTest {

  @Test
  void theFromDomainIsReadWithTheRfc5322Grammar() {
    String[][] table = {
        {"From: a@b.example (Joe)", "b.example"},
        {"From: \"Joe\" <a@b.example>", "b.example"},
        {"From: =?utf-8?q?J=C3=B6rg?= <j@b.example>", "b.example"},
        {"From: Joe <A@B.Example> (work)", "b.example"},
        {"From: \"Smith, Joe\" <joe@b.example>, c@d.example", "b.example"},
        {"From: Joe\r\n <a@b.example>", "b.example"},
        {"From: Jörg <j@Bücher.example>", "xn--bcher-kva.example"},
    };
    for (String[] row : table) {
      assertEquals(Optional.of(row[1]), headers(row[0]).fromDomain(), row[0]);
    }
  }

  @Test
  void aFromThatIsNoAddressHasNoDomain() {
    assertEquals(Optional.empty(), headers("Subject: no author").fromDomain());
    assertEquals(Optional.empty(), headers("From: <a@b.example").fromDomain());
    assertEquals(Optional.empty(), headers("From: undisclosed").fromDomain());
  }

  private static HeaderSection headers(String fields) {
    return HeaderSection.of((fields + "\r\nTo: x@y.example\r\n\r\nbody\r\n").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void crlfAndBareLfMessagesHaveTheSameFieldsAndBodyStart() {
    String crlf = "From: a@b.example\r\nSubject: one\r\n two\r\n\r\nbody\r\n";
    String lf = crlf.replace("\r\n", "\n");
    HeaderSection withCrlf = HeaderSection.of(crlf.getBytes(StandardCharsets.UTF_8));
    HeaderSection withLf = HeaderSection.of(lf.getBytes(StandardCharsets.UTF_8));

    assertEquals(List.of("Subject: one\r\n two"), withCrlf.all("subject"));
    assertEquals(withCrlf.all("subject"), withLf.all("subject"));
    assertEquals("body\r\n", crlf.substring(withCrlf.bodyStart()));
    assertEquals("body\n", lf.substring(withLf.bodyStart()));
  }
}
