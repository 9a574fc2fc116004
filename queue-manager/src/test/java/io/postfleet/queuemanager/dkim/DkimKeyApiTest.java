package io.postfleet.queuemanager.dkim;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.postfleet.devstack.DevstackTestResource;
import io.postfleet.maps.dkim.DkimKeySealer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;

/** /api/v1/dkim-keys against a real PostgreSQL: keys made, uploaded and registered, never shown. */
@QuarkusTest
@QuarkusTestResource(DevstackTestResource.class)
class DkimKeyApiTest {
  /** The %test master key of application.properties. */
  private static final DkimKeySealer SEALER = DkimKeySealer.fromBase64("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");

  @Inject
  AgroalDataSource dataSource;

  private static RequestSpecification admin() {
    return given().header("Authorization", "Bearer test-token").contentType(ContentType.JSON);
  }

  @Test
  void generatedRsaKeyIsSealedAndItsRecordPublishesItsPublicHalf() throws Exception {
    long versionBefore = mapsVersion();
    JsonPath created = admin()
        .body("{\"domain\":\"Gen.Example.Test\",\"selector\":\"s2026\",\"algorithm\":\"rsa-sha256\",\"generate\":true}")
        .post("/api/v1/dkim-keys").then().statusCode(201)
        .header("Location", endsWith("/api/v1/dkim-keys/gen.example.test"))
        .body("domain", equalTo("gen.example.test")).body("selector", equalTo("s2026"))
        .body("algorithm", equalTo("rsa-sha256")).body("source", equalTo("stored"))
        .body("createdAt", not(nullValue())).body("dnsName", equalTo("s2026._domainkey.gen.example.test."))
        .body("txtValue", startsWith("v=DKIM1; k=rsa; p="))
        .body(not(containsString("PRIVATE"))).extract().jsonPath();

    String p = created.getString("txtValue").substring("v=DKIM1; k=rsa; p=".length());
    RSAPublicKey published = (RSAPublicKey) KeyFactory.getInstance("RSA")
        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(p)));
    assertEquals(2048, published.getModulus().bitLength());
    TXTRecord txt = parseZoneLine(created.getString("dnsRecord"));
    assertEquals(Name.fromString("s2026._domainkey.gen.example.test."), txt.getName());
    assertEquals(created.getString("txtValue"), String.join("", txt.getStrings()));
    assertTrue(txt.getStrings().stream().allMatch(s -> s.length() <= 255), "strings of at most 255 octets");
    assertTrue(txt.getStrings().size() > 1, "a 2048-bit key needs more than one string");

    // The column holds ciphertext that opens, under the master key and this domain only, to the
    // private half of the published key.
    Map<String, byte[]> row = row("gen.example.test");
    byte[] pkcs8 = SEALER.open("gen.example.test", "s2026", row.get("nonce"), row.get("sealed_key"));
    assertSignatureVerifies("SHA256withRSA", KeyFactory.getInstance("RSA")
        .generatePrivate(new PKCS8EncodedKeySpec(pkcs8)), published);
    assertFalse(contains(row.get("sealed_key"), java.util.Arrays.copyOfRange(pkcs8, 40, 72)),
        "the stored column is not the plaintext");
    assertTrue(mapsVersion() > versionBefore, "a key change moves the counter map readers poll");

    admin().get("/api/v1/dkim-keys/gen.example.test").then().statusCode(200)
        .body("txtValue", equalTo(created.getString("txtValue"))).body(not(containsString("sealed")));
    admin().get("/api/v1/dkim-keys").then().statusCode(200)
        .body("items.find { it.domain == 'gen.example.test' }.selector", equalTo("s2026"));
  }

  @Test
  void generatedEd25519KeyPublishesTheRawPublicKey() throws Exception {
    String txt = admin()
        .body(
            "{\"domain\":\"ed.example.test\",\"selector\":\"ed2026\",\"algorithm\":\"ed25519-sha256\",\"generate\":true}")
        .post("/api/v1/dkim-keys").then().statusCode(201).body("algorithm", equalTo("ed25519-sha256"))
        .extract().path("txtValue");

    assertTrue(txt.startsWith("v=DKIM1; k=ed25519; p="), txt);
    byte[] raw = Base64.getDecoder().decode(txt.substring(txt.indexOf("p=") + 2));
    assertEquals(32, raw.length, "RFC 8463 §4.2: the bare 32-byte key");
    Map<String, byte[]> row = row("ed.example.test");
    byte[] pkcs8 = SEALER.open("ed.example.test", "ed2026", row.get("nonce"), row.get("sealed_key"));
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
    signer.update(new byte[] {1, 2, 3});
    byte[] signature = signer.sign();
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, new Ed25519PublicKeyParameters(raw, 0));
    verifier.update(new byte[] {1, 2, 3}, 0, 3);
    assertTrue(verifier.verifySignature(signature), "the published key verifies the stored key's signature");
  }

  @Test
  void uploadedKeyIsStoredSealedAndNeverShown() throws Exception {
    KeyPair pair = rsa(1024);
    String pem = pem(pair.getPrivate().getEncoded());

    admin().body(json(Map.of("domain", "upload.example.test", "selector", "up", "privateKey", pem)))
        .post("/api/v1/dkim-keys").then().statusCode(201).body("source", equalTo("stored"))
        .body("txtValue", equalTo("v=DKIM1; k=rsa; p="
            + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())));

    byte[] plaintext = pair.getPrivate().getEncoded();
    Map<String, byte[]> row = row("upload.example.test");
    assertEquals(12, row.get("nonce").length, "a 96-bit nonce");
    assertFalse(contains(row.get("sealed_key"), java.util.Arrays.copyOfRange(plaintext, 40, 72)));
    assertArrayEquals(plaintext, SEALER.open("upload.example.test", "up", row.get("nonce"), row.get("sealed_key")));
    String base64Key = Base64.getEncoder().encodeToString(plaintext).substring(20, 60);
    admin().get("/api/v1/dkim-keys/upload.example.test").then().statusCode(200)
        .body(not(containsString(base64Key)));
    admin().get("/api/v1/audit?resource=dkim-key&key=upload.example.test").then().statusCode(200)
        .body("total", equalTo(1)).body("items[0].action", equalTo("create"))
        .body("items[0].actor", equalTo("bootstrap")).body("items[0].after.selector", equalTo("up"))
        .body(not(containsString(base64Key)));
  }

  @Test
  void fileKeyKeepsOnlyThePath(@TempDir Path dir) throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Path file = dir.resolve("file.example.test.pem");
    Files.writeString(file, pem(pair.getPrivate().getEncoded()));

    admin().body(json(Map.of("domain", "file.example.test", "selector", "mounted", "keyFile", file.toString())))
        .post("/api/v1/dkim-keys").then().statusCode(201).body("source", equalTo("file"))
        .body("keyFile", equalTo(file.toString())).body("algorithm", equalTo("ed25519-sha256"));

    Map<String, byte[]> row = row("file.example.test");
    assertNull(row.get("sealed_key"));
    assertNull(row.get("nonce"));
    assertEquals(file.toString(), new String(row.get("key_file"), StandardCharsets.UTF_8));
  }

  @Test
  void secondKeyForADomainIs409AndPutRotatesWithAnAuditedBeforeAndAfter() {
    String body = "{\"domain\":\"rotate.example.test\",\"selector\":\"%s\",\"generate\":true}";
    String first = admin().body(String.format(Locale.ROOT, body, "old")).post("/api/v1/dkim-keys").then()
        .statusCode(201)
        .extract().path("txtValue");
    admin().body(String.format(Locale.ROOT, body, "new")).post("/api/v1/dkim-keys").then().statusCode(409)
        .contentType("application/problem+json").body("type", equalTo("urn:postfleet:problem:conflict"))
        .body("detail", containsString("PUT"));

    String second = admin().body("{\"selector\":\"new\",\"algorithm\":\"ed25519-sha256\",\"generate\":true}")
        .put("/api/v1/dkim-keys/rotate.example.test").then().statusCode(200)
        .body("selector", equalTo("new")).body("algorithm", equalTo("ed25519-sha256")).extract().path("txtValue");
    assertFalse(first.equals(second));
    admin().get("/api/v1/audit?resource=dkim-key&key=rotate.example.test").then().statusCode(200)
        .body("items[0].action", equalTo("update")).body("items[0].before.selector", equalTo("old"))
        .body("items[0].after.selector", equalTo("new"));

    admin().delete("/api/v1/dkim-keys/rotate.example.test").then().statusCode(204);
    admin().get("/api/v1/dkim-keys/rotate.example.test").then().statusCode(404)
        .contentType("application/problem+json").body("status", equalTo(404));
    admin().delete("/api/v1/dkim-keys/rotate.example.test").then().statusCode(404);
    admin().body("{\"selector\":\"x\",\"generate\":true}").put("/api/v1/dkim-keys/rotate.example.test")
        .then().statusCode(404);
    admin().get("/api/v1/audit?resource=dkim-key&key=rotate.example.test").then().statusCode(200)
        .body("items[0].action", equalTo("delete")).body("items[0].after", nullValue());
  }

  @Test
  void onlyAdminsChangeKeysAndReadersRead() {
    admin().body("{\"domain\":\"roles.example.test\",\"selector\":\"s\",\"generate\":true}")
        .post("/api/v1/dkim-keys").then().statusCode(201);
    given().get("/api/v1/dkim-keys").then().statusCode(401).contentType("application/problem+json");
    String reader = admin().body("{\"name\":\"dkim-reader\",\"role\":\"READER\"}").post("/api/v1/tokens")
        .then().statusCode(201).extract().path("token");
    RequestSpecification asReader = given().header("Authorization", "Bearer " + reader).contentType(ContentType.JSON);
    asReader.get("/api/v1/dkim-keys/roles.example.test").then().statusCode(200);
    given().header("Authorization", "Bearer " + reader).contentType(ContentType.JSON)
        .body("{\"domain\":\"reader.example.test\",\"selector\":\"s\",\"generate\":true}")
        .post("/api/v1/dkim-keys").then().statusCode(403).contentType("application/problem+json");
    given().header("Authorization", "Bearer " + reader).delete("/api/v1/dkim-keys/roles.example.test")
        .then().statusCode(403);
    admin().get("/api/v1/dkim-keys/roles.example.test").then().statusCode(200);
  }

  @Test
  void badKeysAndRequestsGet400Problems(@TempDir Path dir) throws Exception {
    String weak = pem(rsa(512).getPrivate().getEncoded());
    expect400(Map.of("domain", "bad.example.test", "selector", "s", "privateKey", weak), "at least 1024");
    expect400(Map.of("domain", "bad.example.test", "selector", "s", "privateKey", "not a key"), "PKCS#8");
    expect400(Map.of("domain", "bad.example.test", "selector", "s", "generate", true, "keyFile", "/x.pem"),
        "exactly one");
    expect400(Map.of("domain", "bad.example.test", "selector", "s"), "exactly one");
    expect400(Map.of("domain", "bad.example.test", "selector", "bad selector!", "generate", true), "selector");
    expect400(Map.of("domain", "bad_domain!", "selector", "s", "generate", true), "domain");
    expect400(Map.of("domain", "bad.example.test", "selector", "s", "generate", true, "algorithm", "rsa-sha1"),
        "algorithm");
    expect400(Map.of("domain", "bad.example.test", "selector", "s", "keyFile", "relative.pem"), "absolute");
    expect400(Map.of("domain", "bad.example.test", "selector", "s", "keyFile", dir.resolve("absent.pem").toString()),
        "cannot be read");
    Path ed = dir.resolve("ed.pem");
    Files.writeString(ed, pem(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded()));
    expect400(Map.of("domain", "bad.example.test", "selector", "s", "keyFile", ed.toString(),
        "algorithm", "rsa-sha256"), "ed25519-sha256 key");
    admin().get("/api/v1/dkim-keys/bad.example.test").then().statusCode(404);
    admin().get("/api/v1/audit?resource=dkim-key&key=bad.example.test").then().statusCode(200).body("total",
        equalTo(0));
  }

  private static void expect400(Map<String, Object> body, String detail) {
    admin().body(json(body)).post("/api/v1/dkim-keys").then().statusCode(400)
        .contentType("application/problem+json").body("type", equalTo("urn:postfleet:problem:invalid-request"))
        .body("detail", containsString(detail)).body(not(containsString("Exception")));
  }

  private static String json(Map<String, Object> fields) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(fields);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair rsa(int bits) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(bits);
    return generator.generateKeyPair();
  }

  static String pem(byte[] pkcs8) {
    return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pkcs8)
        + "\n-----END PRIVATE KEY-----\n";
  }

  private static TXTRecord parseZoneLine(String line) throws Exception {
    try (
        Master zone = new Master(new ByteArrayInputStream(line.getBytes(StandardCharsets.US_ASCII)), Name.root, 3600)) {
      Record record = zone.nextRecord();
      assertNull(zone.nextRecord(), "one record");
      return (TXTRecord) record;
    }
  }

  private static void assertSignatureVerifies(String algorithm, java.security.PrivateKey key, PublicKey published)
      throws Exception {
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(new byte[] {1, 2, 3});
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(published);
    verifier.update(new byte[] {1, 2, 3});
    assertTrue(verifier.verify(signature), "the published key belongs to the stored key");
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer : for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private Map<String, byte[]> row(String domain) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("select nonce, sealed_key, key_file from dkim_key where domain = ?")) {
      s.setString(1, domain);
      try (ResultSet rs = s.executeQuery()) {
        assertTrue(rs.next(), "a row for " + domain);
        Map<String, byte[]> row = new HashMap<>();
        row.put("nonce", rs.getBytes(1));
        row.put("sealed_key", rs.getBytes(2));
        row.put("key_file", rs.getString(3) == null ? null : rs.getString(3).getBytes(StandardCharsets.UTF_8));
        return row;
      }
    }
  }

  private long mapsVersion() throws Exception {
    try (Connection c = dataSource.getConnection();
        ResultSet rs = c.createStatement().executeQuery("select version from maps_version where id = 1")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
