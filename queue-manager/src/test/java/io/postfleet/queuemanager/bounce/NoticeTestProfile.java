package io.postfleet.queuemanager.bounce;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Delay warnings on after seconds, and bounces given up after a day while other mail lives five. */
public class NoticeTestProfile implements QuarkusTestProfile {
  public static final int DELAY_WARNING_SECONDS = 3;

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "postfleet.queue.delay-warning-time", DELAY_WARNING_SECONDS + "s",
        "postfleet.queue.bounce-lifetime", "1d",
        "postfleet.queue.maximal-lifetime", "5d");
  }
}
