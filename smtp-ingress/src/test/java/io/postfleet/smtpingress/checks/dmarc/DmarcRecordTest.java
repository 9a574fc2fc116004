package io.postfleet.smtpingress.checks.dmarc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.smtpingress.checks.DmarcVerdict.Disposition;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DmarcRecordTest {

  @Test
  void readsEveryTagWithDefaults() {
    DmarcRecord plain = DmarcRecord.parse("v=DMARC1; p=reject").orElseThrow();
    assertEquals(new DmarcRecord(Optional.of(Disposition.REJECT), Disposition.REJECT, Disposition.REJECT,
        false, false, 100, 'u'), plain);

    DmarcRecord full = DmarcRecord.parse(
        "v=DMARC1;p=QUARANTINE; SP=none ;np=reject; adkim=s; aspf=S; pct=20; psd=N; fo=1; rua=mailto:a@b.test")
        .orElseThrow();
    assertEquals(new DmarcRecord(Optional.of(Disposition.QUARANTINE), Disposition.NONE, Disposition.REJECT,
        true, true, 20, 'n'), full);
  }

  @Test
  void npFallsBackToSpThenP() {
    assertEquals(Disposition.QUARANTINE,
        DmarcRecord.parse("v=DMARC1; p=reject; sp=quarantine").orElseThrow().nonExistentPolicy());
    assertEquals(Disposition.REJECT,
        DmarcRecord.parse("v=DMARC1; p=reject; np=bogus").orElseThrow().nonExistentPolicy());
  }

  @Test
  void vMustComeFirstAndBeExactlyDmarc1() {
    assertTrue(DmarcRecord.parse("p=reject; v=DMARC1").isEmpty());
    assertTrue(DmarcRecord.parse("v=dmarc1; p=reject").isEmpty());
    assertTrue(DmarcRecord.parse("v=spf1 -all").isEmpty());
    assertTrue(DmarcRecord.parse("").isEmpty());
    assertTrue(DmarcRecord.parse("V = DMARC1 ; p=none;").isPresent());
  }

  @Test
  void testModeTReplacesPctAndBadPctIsIgnored() {
    assertEquals(0, DmarcRecord.parse("v=DMARC1; p=reject; t=y").orElseThrow().percent());
    assertEquals(100, DmarcRecord.parse("v=DMARC1; p=reject; t=n; pct=10").orElseThrow().percent());
    assertEquals(0, DmarcRecord.parse("v=DMARC1; p=reject; pct=0").orElseThrow().percent());
    assertEquals(100, DmarcRecord.parse("v=DMARC1; p=reject; pct=101").orElseThrow().percent());
    assertEquals(100, DmarcRecord.parse("v=DMARC1; p=reject; pct=-5").orElseThrow().percent());
  }

  @Test
  void invalidPolicyIsNoneOnlyWithAValidRua() {
    // RFC 7489 §6.6.3: act as p=none when rua holds a valid URI, else apply no DMARC processing.
    DmarcRecord withRua = DmarcRecord.parse("v=DMARC1; p=bogus; rua=mailto:dmarc@x.test!10m").orElseThrow();
    assertEquals(Optional.of(Disposition.NONE), withRua.policy());
    assertEquals(Disposition.NONE, withRua.subdomainPolicy());
    assertEquals(Disposition.NONE, withRua.nonExistentPolicy());
    assertFalse(DmarcRecord.parse("v=DMARC1; rua=not a uri").orElseThrow().policy().isPresent());
    assertFalse(DmarcRecord.parse("v=DMARC1; sp=reject").orElseThrow().policy().isPresent());
    assertEquals(Optional.of(Disposition.NONE),
        DmarcRecord.parse("v=DMARC1; p=reject; sp=bad; rua=mailto:r@x.test").orElseThrow().policy());
  }
}
