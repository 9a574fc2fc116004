package io.postfleet.smtp.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.smtp.header.HeaderAddressList.Mailbox;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeaderAddressListTest {

  @Test
  void goldenTableOfFromValues() {
    String[][] table = {
        {" a@b.example (Joe)", "a", "b.example"},
        {" \"Joe\" <a@b.example>", "a", "b.example"},
        {" =?utf-8?q?J=C3=B6rg?= <j@b.example>", "j", "b.example"},
        {" Joe <a@B.Example> (work)", "a", "B.Example"},
        {" \"Smith, Joe\" <joe@b.example>", "joe", "b.example"},
        {" (comment) a @ b.example", "a", "b.example"},
        {" Jörg <jörg@bücher.example>", "jörg", "bücher.example"},
        {"\r\n\tJoe\r\n <a@b.example>", "a", "b.example"},
    };
    for (String[] row : table) {
      assertEquals(Optional.of(new Mailbox(row[1], row[2])),
          HeaderAddressList.parse(row[0]).flatMap(HeaderAddressList::single), row[0]);
    }
  }

  @Test
  void severalAuthorsAndGroupsAreNoSingleAuthor() {
    HeaderAddressList two = HeaderAddressList.parse(" a@b.example, \"X, Y\" <c@d.example>").orElseThrow();
    assertEquals(List.of(new Mailbox("a", "b.example"), new Mailbox("c", "d.example")), two.mailboxes());
    assertEquals(Optional.of(new Mailbox("a", "b.example")), two.first());
    assertEquals(Optional.empty(), two.single());
    HeaderAddressList group = HeaderAddressList.parse(" team: a@b.example;").orElseThrow();
    assertTrue(group.grouped());
    assertEquals(Optional.empty(), group.single());
    assertEquals(Optional.of(new Mailbox("a", "b.example")), group.first());
  }

  @Test
  void whatIsNoAddressListIsEmpty() {
    assertEquals(Optional.empty(), HeaderAddressList.parse(" <a@b.example"));
    assertEquals(Optional.empty(), HeaderAddressList.parse(" a@b.example>"));
    assertEquals(Optional.empty(), HeaderAddressList.parse(" \"unterminated <a@b.example>"));
  }
}
