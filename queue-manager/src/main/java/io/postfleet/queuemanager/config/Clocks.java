package io.postfleet.queuemanager.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The one notion of "now" for the queue: what is due, what expired, when a notification was
 * written. Queries compare with a timestamp taken from this clock, not with PostgreSQL's
 * {@code now()}, so that the pod's time and the database's never disagree about a job and a test
 * can let time pass without sleeping.
 */
public class Clocks {
  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }
}
