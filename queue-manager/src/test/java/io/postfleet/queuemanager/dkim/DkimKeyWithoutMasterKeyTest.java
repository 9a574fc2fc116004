package io.postfleet.queuemanager.dkim;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.postfleet.devstack.DevstackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without postfleet.dkim.master-key, keys cannot be stored, and mounted files still can be registered. */
@QuarkusTest
@TestProfile(DkimKeyWithoutMasterKeyTest.NoMasterKey.class)
@QuarkusTestResource(DevstackTestResource.class)
class DkimKeyWithoutMasterKeyTest {

  /** An empty value is no value for an Optional setting. */
  public static class NoMasterKey implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("postfleet.dkim.master-key", "");
    }
  }

  @Test
  void storingAKeyIsA409ProblemAndAFileKeyStillWorks(@TempDir Path dir) throws Exception {
    given().header("Authorization", "Bearer test-token").contentType(ContentType.JSON)
        .body("{\"domain\":\"nomaster.example.test\",\"selector\":\"s\",\"generate\":true}")
        .post("/api/v1/dkim-keys").then().statusCode(409).contentType("application/problem+json")
        .body("type", equalTo("urn:postfleet:problem:dkim-master-key-missing"))
        .body("detail", containsString("postfleet.dkim.master-key"));

    Path file = dir.resolve("key.pem");
    Files.writeString(file, DkimKeyApiTest.pem(
        KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded()));
    given().header("Authorization", "Bearer test-token").contentType(ContentType.JSON)
        .body("{\"domain\":\"nomaster.example.test\",\"selector\":\"s\",\"keyFile\":\"" + file + "\"}")
        .post("/api/v1/dkim-keys").then().statusCode(201).body("source", equalTo("file"));
  }
}
