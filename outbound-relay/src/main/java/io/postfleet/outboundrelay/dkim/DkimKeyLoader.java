package io.postfleet.outboundrelay.dkim;

import io.postfleet.maps.LiveSnapshot;
import io.postfleet.maps.dkim.DkimKeyRepository;
import io.postfleet.maps.dkim.DkimKeySealer;
import io.postfleet.maps.dkim.DkimPrivateKey;
import io.postfleet.maps.dkim.InvalidDkimKeyException;
import io.postfleet.maps.dkim.StoredDkimKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Builds the key table from {@code dkim_key}: sealed keys are opened with the master key, file keys
 * read from their mounted Secret. A key that cannot be used is recorded as such (its domain's mail
 * then waits) rather than dropped, which would send that mail unsigned.
 */
public final class DkimKeyLoader implements LiveSnapshot.Loader<DkimKeyTable> {
  private static final Logger LOG = Logger.getLogger(DkimKeyLoader.class);

  private final Optional<DkimKeySealer> sealer;

  /** @param sealer opens stored keys; empty when no master key is configured */
  public DkimKeyLoader(Optional<DkimKeySealer> sealer) {
    this.sealer = sealer;
  }

  @Override
  public DkimKeyTable load(Connection connection, long version) throws SQLException {
    Map<String, DkimKey> keys = new HashMap<>();
    Map<String, String> unusable = new HashMap<>();
    for (StoredDkimKey row : DkimKeyRepository.readAll(connection)) {
      String domain = row.domain().toLowerCase(Locale.ROOT);
      try {
        DkimPrivateKey key = row.fromFile() ? fromFile(row) : opened(row);
        if (!key.publicKey().equals(row.publicKey())) {
          throw new InvalidDkimKeyException("it is not the key registered (its public key is not the one published);"
              + " register it again through the admin API");
        }
        keys.put(domain, new DkimKey(domain, row.selector(), key.key()));
      } catch (InvalidDkimKeyException e) {
        LOG.errorf("DKIM key of %s (s=%s) cannot be used, its mail waits: %s", domain, row.selector(), e.getMessage());
        unusable.put(domain, e.getMessage());
      }
    }
    return new DkimKeyTable(keys, unusable);
  }

  private DkimPrivateKey opened(StoredDkimKey row) {
    DkimKeySealer s = sealer.orElseThrow(() -> new InvalidDkimKeyException(
        "it is stored sealed and no postfleet.dkim.master-key is configured here"));
    try {
      return DkimPrivateKey.fromPkcs8(s.open(row.domain(), row.selector(), row.nonce(), row.sealedKey()));
    } catch (GeneralSecurityException e) {
      throw new InvalidDkimKeyException("it does not open with this master key (another key, or the row was altered)");
    }
  }

  private static DkimPrivateKey fromFile(StoredDkimKey row) {
    try {
      return DkimPrivateKey.fromPem(Files.readString(Path.of(row.keyFile()), StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new InvalidDkimKeyException("its file " + row.keyFile() + " cannot be read: " + e.getMessage());
    } catch (InvalidDkimKeyException e) {
      throw new InvalidDkimKeyException("its file " + row.keyFile() + ": " + e.getMessage());
    }
  }
}
