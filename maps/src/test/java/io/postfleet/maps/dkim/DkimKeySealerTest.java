package io.postfleet.maps.dkim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

/** AES-256-GCM sealing: what was sealed for one domain and selector opens only for them. */
class DkimKeySealerTest {
  private static final String MASTER = Base64.getEncoder().encodeToString(new byte[32]);
  private static final byte[] KEY = "a PKCS#8 private key, in the real thing".getBytes(StandardCharsets.US_ASCII);

  private final DkimKeySealer sealer = DkimKeySealer.fromBase64(MASTER);

  @Test
  void opensWhatItSealedForTheSameDomainAndSelector() throws Exception {
    DkimKeySealer.Sealed sealed = sealer.seal("example.test", "s2026", KEY);

    assertEquals(12, sealed.nonce().length, "96-bit nonce");
    assertEquals(KEY.length + 16, sealed.ciphertext().length, "ciphertext and a 128-bit tag");
    assertFalse(Arrays.equals(KEY, Arrays.copyOf(sealed.ciphertext(), KEY.length)));
    assertArrayEquals(KEY, sealer.open("example.test", "s2026", sealed.nonce(), sealed.ciphertext()));
  }

  @Test
  void everySealGetsItsOwnNonce() {
    assertFalse(
        Arrays.equals(sealer.seal("example.test", "s", KEY).nonce(), sealer.seal("example.test", "s", KEY).nonce()));
  }

  @Test
  void aTamperedCiphertextOrNonceFailsToOpen() {
    DkimKeySealer.Sealed sealed = sealer.seal("example.test", "s2026", KEY);
    byte[] ciphertext = sealed.ciphertext().clone();
    ciphertext[3] ^= 1;
    byte[] nonce = sealed.nonce().clone();
    nonce[0] ^= 1;

    assertThrows(AEADBadTagException.class, () -> sealer.open("example.test", "s2026", sealed.nonce(), ciphertext));
    assertThrows(AEADBadTagException.class, () -> sealer.open("example.test", "s2026", nonce, sealed.ciphertext()));
  }

  @Test
  void aRowMovedToAnotherDomainOrSelectorFailsToOpen() {
    DkimKeySealer.Sealed sealed = sealer.seal("example.test", "s2026", KEY);

    assertThrows(AEADBadTagException.class,
        () -> sealer.open("attacker.test", "s2026", sealed.nonce(), sealed.ciphertext()));
    assertThrows(AEADBadTagException.class,
        () -> sealer.open("example.test", "s2027", sealed.nonce(), sealed.ciphertext()));
    // The separator keeps "a.b" + "c" apart from "a" + "b.c".
    DkimKeySealer.Sealed split = sealer.seal("b.example.test", "s", KEY);
    assertThrows(AEADBadTagException.class,
        () -> sealer.open("example.test", "s.b", split.nonce(), split.ciphertext()));
  }

  @Test
  void anotherMasterKeyFailsToOpen() {
    DkimKeySealer.Sealed sealed = sealer.seal("example.test", "s2026", KEY);
    byte[] other = new byte[32];
    other[31] = 1;

    assertThrows(GeneralSecurityException.class,
        () -> DkimKeySealer.fromBase64(Base64.getEncoder().encodeToString(other))
            .open("example.test", "s2026", sealed.nonce(), sealed.ciphertext()));
  }

  @Test
  void theMasterKeyMustBeBase64Of32Bytes() {
    assertThrows(IllegalArgumentException.class, () -> DkimKeySealer.fromBase64("not base64!"));
    assertThrows(IllegalArgumentException.class,
        () -> DkimKeySealer.fromBase64(Base64.getEncoder().encodeToString(new byte[16])));
  }
}
