package io.postfleet.smtpingress.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.jboss.logging.Logger;

/**
 * The certificate from PEM files, reloaded when they change. A new handshake asks for the context;
 * at most once per check interval that looks at the files' modification times (following
 * symbolic links, as Kubernetes swaps a Secret's files through its {@code ..data} link) and, if
 * either moved, loads the pair again. Sessions already in TLS keep theirs; new ones get the new
 * certificate. A pair that fails to load (a half-written or half-rotated secret) is logged and the
 * previous one stays in use; at startup a failure is fatal instead, so a wrong path is seen at once.
 */
public final class PemTlsContextSource implements TlsContextSource {
  private static final Logger LOG = Logger.getLogger(PemTlsContextSource.class);

  private final Path certificateFile;
  private final Path keyFile;
  private final long checkIntervalNanos;
  private volatile Loaded loaded;
  private volatile long nextCheck;

  private PemTlsContextSource(Path certificateFile, Path keyFile, Duration checkInterval) {
    this.certificateFile = certificateFile;
    this.keyFile = keyFile;
    this.checkIntervalNanos = checkInterval.toNanos();
  }

  /** Loads the pair now; throws if it cannot be used. */
  public static PemTlsContextSource load(Path certificateFile, Path keyFile, Duration checkInterval)
      throws IOException, GeneralSecurityException {
    PemTlsContextSource source = new PemTlsContextSource(certificateFile, keyFile, checkInterval);
    List<FileTime> stamps = source.stamps();
    source.loaded = new Loaded(PemKeyMaterial.load(certificateFile, keyFile), stamps);
    source.nextCheck = System.nanoTime() + source.checkIntervalNanos;
    LOG.infof("TLS certificate loaded from %s", certificateFile);
    return source;
  }

  @Override
  public boolean configured() {
    return true;
  }

  @Override
  public Optional<SSLContext> current() {
    if (System.nanoTime() - nextCheck >= 0) {
      reloadIfChanged();
    }
    return Optional.of(loaded.context());
  }

  private synchronized void reloadIfChanged() {
    long now = System.nanoTime();
    if (now - nextCheck < 0) {
      return; // another session checked while we waited for the lock
    }
    nextCheck = now + checkIntervalNanos;
    try {
      List<FileTime> stamps = stamps();
      if (stamps.equals(loaded.stamps())) {
        return;
      }
      loaded = new Loaded(PemKeyMaterial.load(certificateFile, keyFile), stamps);
      LOG.infof("TLS certificate reloaded from %s", certificateFile);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      LOG.warnf("warning: cannot reload the TLS certificate from %s, keeping the previous one: %s",
          certificateFile, e.getMessage());
    }
  }

  private List<FileTime> stamps() throws IOException {
    return List.of(Files.getLastModifiedTime(certificateFile), Files.getLastModifiedTime(keyFile));
  }

  private record Loaded(SSLContext context, List<FileTime> stamps) {}
}
