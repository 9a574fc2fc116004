package io.postfleet.smtp.header;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.field.address.DefaultAddressParser;
import org.apache.james.mime4j.field.address.ParseException;

/**
 * The value of an address-list header field (From:, To:, Cc:, RFC 5322 §3.4, §3.6.2) read with
 * Apache mime4j's RFC 5322 parser, the one every service uses: comments, quoted and encoded display
 * names, angle brackets, groups and folding white space are the grammar's business, so that
 * {@code a@b.example (Joe)} has the domain {@code b.example}. UTF-8 in addresses (RFC 6532 §3.2) is
 * understood too, through {@link Utf8Escape}.
 *
 * @param mailboxes every mailbox, those inside groups included, in order
 * @param grouped whether any address of the list is a group
 */
public record HeaderAddressList(List<Mailbox> mailboxes, boolean grouped) {
  private static final Pattern FOLD = Pattern.compile("\\r?\\n(?=[ \\t])");

  /** One mailbox; its domain is as written (case kept), empty when it has none. */
  public record Mailbox(String localPart, String domain) {}

  public HeaderAddressList {
    mailboxes = List.copyOf(mailboxes);
  }

  /** The field value (after the colon, folded or not); empty when it is not RFC 5322 syntax. */
  public static Optional<HeaderAddressList> parse(String value) {
    // RFC 5322 §2.2.3: unfolding removes each line break that precedes white space.
    Utf8Escape escaped = Utf8Escape.of(FOLD.matcher(value).replaceAll(""));
    AddressList addresses;
    List<Mailbox> mailboxes = new ArrayList<>();
    try {
      addresses = DefaultAddressParser.DEFAULT.parseAddressList(escaped.text());
      for (org.apache.james.mime4j.dom.address.Mailbox m : addresses.flatten()) {
        String domain = m.getDomain() == null ? "" : escaped.restore(m.getDomain().strip());
        mailboxes.add(new Mailbox(escaped.restore(m.getLocalPart()), domain));
      }
    } catch (ParseException | RuntimeException e) {
      return Optional.empty(); // mime4j reports some malformed input unchecked
    }
    boolean grouped = false;
    for (Address address : addresses) {
      grouped |= address instanceof Group;
    }
    return Optional.of(new HeaderAddressList(mailboxes, grouped));
  }

  /** The mailbox when the list is exactly one mailbox and no group (RFC 7489 §6.6.1's one author). */
  public Optional<Mailbox> single() {
    return mailboxes.size() == 1 && !grouped ? Optional.of(mailboxes.get(0)) : Optional.empty();
  }

  /** The first mailbox: of several authors (RFC 5322 §3.6.2), the one a signer signs for. */
  public Optional<Mailbox> first() {
    return mailboxes.isEmpty() ? Optional.empty() : Optional.of(mailboxes.get(0));
  }
}
