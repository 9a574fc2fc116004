package io.postfleet.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class LiveRecipientMapsTest {

  /** A database that never answers: every call fails as a refused connection does. */
  private static final DataSource UNREACHABLE = (DataSource) Proxy.newProxyInstance(
      DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
        throw new SQLException("Connection refused");
      });

  @Test
  void mapsNeverLoadedAnswerUnavailableNeverYesOrNo() {
    try (LiveRecipientMaps maps = new LiveRecipientMaps(UNREACHABLE, Duration.ofHours(1))) {
      maps.start();
      assertFalse(maps.loaded());
      assertEquals(RecipientStatus.UNAVAILABLE, maps.status("u@d.test"));
      assertEquals(MapsAnswer.UNAVAILABLE, maps.verifyPassword("u@d.test", "s3cret".toCharArray()));
      assertEquals(MapsAnswer.UNAVAILABLE, maps.maySendAs("u@d.test", "ceo@elsewhere.test"));
    }
  }
}
