package io.postfleet.outboundrelay.delivery;

import static io.postfleet.outboundrelay.delivery.TestRelay.job;
import static io.postfleet.outboundrelay.delivery.TestRelay.show;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.postfleet.contract.DeliveryResult;
import io.postfleet.testkit.SinkMessage;
import io.postfleet.testkit.SmtpSink;
import io.postfleet.testkit.TestDnsServer;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a job's recipients are spread over mail transactions: at most the recipient limit in each, and
 * recipients refused with "452 too many recipients" (RFC 5321 §4.5.3.1.10) sent again in the next.
 */
class RecipientTransactionsTest {
  private static final String SENT = "data-done: sent 2.0.0 (250 2.0.0 Ok: queued by sink)";
  private static final String TOO_MANY = "rcpt: deferred 4.5.3 (host 127.0.0.1[127.0.0.1] said: 452 4.5.3 "
      + "Error: too many recipients (in reply to RCPT TO command))";

  private TestDnsServer dns;
  private SmtpSink mx;
  private TestRelay relay;
  private String hop;

  @BeforeEach
  void start() throws IOException {
    dns = TestDnsServer.start();
    mx = SmtpSink.start();
    relay = new TestRelay(dns, mx.port());
    hop = "[127.0.0.1]:" + mx.port();
  }

  @AfterEach
  void stop() {
    relay.close();
    mx.close();
    dns.close();
  }

  @Test
  void recipientsRefusedWith452GoInASecondTransactionOnTheSameConnection() throws Exception {
    mx.recipientsPerTransaction(2);

    List<DeliveryResult> results = relay.deliver(job(hop, "a@outside.test", "b@outside.test", "c@outside.test",
        "d@outside.test"));

    assertEquals(Collections.nCopies(4, SENT), show(results));
    assertEquals(List.of(List.of("a@outside.test", "b@outside.test"), List.of("c@outside.test", "d@outside.test")),
        recipientsPerMessage(2));
    assertEquals(1, mx.connections());
  }

  @Test
  void withoutPipeliningToo() throws Exception {
    mx.keywords("8BITMIME", "ENHANCEDSTATUSCODES").recipientsPerTransaction(2);

    List<DeliveryResult> results = relay.deliver(job(hop, "a@outside.test", "b@outside.test", "c@outside.test",
        "d@outside.test", "e@outside.test"));

    assertEquals(Collections.nCopies(5, SENT), show(results));
    assertEquals(List.of(List.of("a@outside.test", "b@outside.test"), List.of("c@outside.test", "d@outside.test"),
        List.of("e@outside.test")), recipientsPerMessage(3));
  }

  @Test
  void a452ForTheFirstRecipientDefers() throws Exception {
    mx.recipientsPerTransaction(0);

    List<DeliveryResult> results = relay.deliver(job(hop, "a@outside.test", "b@outside.test"));

    assertEquals(List.of(TOO_MANY, TOO_MANY), show(results));
    assertEquals(1, mailCommands(), "nobody was taken, so no second transaction");
  }

  @Test
  void aRecipientThatGets452AgainWhenItIsFirstIsDeferred() throws Exception {
    mx.rcptReply("a@outside.test", "452 4.5.3 Error: too many recipients");

    List<DeliveryResult> results = relay.deliver(job(hop, "a@outside.test", "b@outside.test"));

    assertEquals(List.of(TOO_MANY, SENT), show(results));
    assertEquals(2, mailCommands());
  }

  @Test
  void other4xxRepliesAreOrdinaryDeferrals() throws Exception {
    mx.rcptReply("a@outside.test", "452 4.2.2 Mailbox full").rcptReply("b@outside.test", "451 4.3.0 Try later");

    List<DeliveryResult> results = relay.deliver(job(hop, "a@outside.test", "b@outside.test", "c@outside.test"));

    assertEquals(List.of(
        "rcpt: deferred 4.2.2 (host 127.0.0.1[127.0.0.1] said: 452 4.2.2 Mailbox full (in reply to RCPT TO command))",
        "rcpt: deferred 4.3.0 (host 127.0.0.1[127.0.0.1] said: 451 4.3.0 Try later (in reply to RCPT TO command))",
        SENT), show(results));
    assertEquals(1, mailCommands());
  }

  @Test
  void moreRecipientsThanTheLimitAreSplitIntoTransactions() throws Exception {
    String[] recipients = IntStream.range(0, 120).mapToObj(i -> "r" + i + "@outside.test").toArray(String[]::new);

    List<DeliveryResult> results = relay.deliver(job(hop, recipients));

    assertEquals(Collections.nCopies(120, SENT), show(results));
    assertEquals(List.of(50, 50, 20),
        recipientsPerMessage(3).stream().map(List::size).collect(Collectors.toList()));
    assertEquals(List.of(recipients), mx.messages().stream().flatMap(m -> m.recipients().stream())
        .collect(Collectors.toList()));
    assertEquals(1, mx.connections());
  }

  @Test
  void aServerThatRefusesTheSessionIsAskedOnceForAllTransactions() throws Exception {
    mx.greeting("421 4.3.2 Service not available");
    relay.recipientLimit(1);

    List<DeliveryResult> results = relay.deliver(job(hop, "a@outside.test", "b@outside.test", "c@outside.test"));

    assertEquals(Collections.nCopies(3, "greeting: deferred 4.3.2 (host 127.0.0.1[127.0.0.1] refused to talk "
        + "to me: 421 4.3.2 Service not available)"), show(results));
    assertEquals(1, mx.connections());
  }

  private List<List<String>> recipientsPerMessage(int messages) throws InterruptedException {
    return mx.awaitMessages(messages, Duration.ofSeconds(5)).stream().map(SinkMessage::recipients)
        .collect(Collectors.toList());
  }

  private long mailCommands() {
    return mx.commands().stream().filter(c -> c.startsWith("MAIL")).count();
  }
}
