package io.postfleet.smtpingress.queue;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes queue ids that are unique across pods without any coordination, in the spirit of Postfix's
 * long queue ids (enable_long_queue_ids): 10 base-36 digits of the time in microseconds, so ids sort
 * by arrival, then 6 random base-36 digits, so two pods that pick the same microsecond still differ
 * (one chance in 2.2 billion). Within one process the time part never repeats: a second id in the
 * same microsecond takes the next one. Upper-case letters and digits, 16 characters, safe in file
 * names, Kafka keys and logs.
 */
public final class QueueIdGenerator {
  private static final int LENGTH = 16;
  private static final int TIME_DIGITS = 10;
  private static final int RANDOM_DIGITS = LENGTH - TIME_DIGITS;
  private static final char[] DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();
  private static final int RADIX = DIGITS.length;

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final AtomicLong lastMicros = new AtomicLong();

  public QueueIdGenerator(Clock clock) {
    this.clock = clock;
  }

  public String next() {
    long now = micros(clock.instant());
    long micros = lastMicros.accumulateAndGet(now, (last, current) -> Math.max(last + 1, current));
    char[] id = new char[LENGTH];
    for (int i = TIME_DIGITS - 1; i >= 0; i--) {
      id[i] = DIGITS[(int) (micros % RADIX)];
      micros /= RADIX;
    }
    for (int i = TIME_DIGITS; i < LENGTH; i++) {
      id[i] = DIGITS[random.nextInt(RADIX)];
    }
    return new String(id);
  }

  /** 36^10 microseconds last until the year 2084; the digits wrap after that, still unique enough. */
  private static long micros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
  }
}
