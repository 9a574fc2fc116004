package io.postfleet.queuemanager.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {
  private static final Backoff POSTFIX = new Backoff(Duration.ofSeconds(300), Duration.ofSeconds(4000));

  /** Postfix's defaults: 300 s, doubling, capped at 4000 s. */
  @ParameterizedTest
  @CsvSource({"1, 300", "2, 600", "3, 1200", "4, 2400", "5, 4000", "6, 4000", "40, 4000", "1000, 4000", "0, 300"})
  void doublesFromMinimalToMaximal(int attempts, long seconds) {
    assertEquals(Duration.ofSeconds(seconds), POSTFIX.after(attempts));
  }
}
