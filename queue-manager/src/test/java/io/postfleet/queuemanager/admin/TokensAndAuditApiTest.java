package io.postfleet.queuemanager.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.postfleet.devstack.DevstackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/** Roles of bearer tokens and the audit log of changes, against the real database. */
@QuarkusTest
@QuarkusTestResource(DevstackTestResource.class)
class TokensAndAuditApiTest {

  private static RequestSpecification as(String token) {
    return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
  }

  @Test
  void aReaderTokenReadsButCannotChangeAndRevokedTokensStopWorking() {
    String reader = as("test-token").body("{\"name\":\"dashboard\",\"role\":\"READER\"}").post("/api/v1/tokens")
        .then().statusCode(201).body("token", notNullValue()).body("role", equalTo("READER"))
        .extract().path("token");
    as("test-token").get("/api/v1/tokens").then().statusCode(200)
        .body("name", hasItem("dashboard")).body("token", not(hasItem(reader)));

    as(reader).get("/api/v1/domains").then().statusCode(200);
    as(reader).body("{\"name\":\"reader.example.test\"}").post("/api/v1/domains").then().statusCode(403)
        .contentType("application/problem+json");
    as(reader).get("/api/v1/tokens").then().statusCode(403);

    as("test-token").delete("/api/v1/tokens/dashboard").then().statusCode(204);
    as(reader).get("/api/v1/domains").then().statusCode(401);
  }

  @Test
  void anAdminTokenCanChangeAndEveryChangeIsAuditedWithItsAuthor() {
    String pipeline = as("test-token").body("{\"name\":\"pipeline\",\"role\":\"ADMIN\"}").post("/api/v1/tokens")
        .then().statusCode(201).extract().path("token");
    as(pipeline).body("{\"name\":\"audited.example.test\"}").post("/api/v1/domains").then().statusCode(201);
    as(pipeline).body("{\"address\":\"x@audited.example.test\"}").post("/api/v1/mailboxes").then().statusCode(201);
    as(pipeline).body("{\"receiveEnabled\":false}").patch("/api/v1/mailboxes/x@audited.example.test").then()
        .statusCode(200);
    as(pipeline).delete("/api/v1/mailboxes/x@audited.example.test").then().statusCode(204);

    as("test-token").get("/api/v1/audit?resource=mailbox&key=x@audited.example.test").then().statusCode(200)
        .body("total", equalTo(3))
        .body("items[0].action", equalTo("delete")).body("items[0].actor", equalTo("pipeline"))
        .body("items[0].before.receiveEnabled", equalTo(false)).body("items[0].after", nullValue())
        .body("items[1].action", equalTo("update"))
        .body("items[1].before.receiveEnabled", equalTo(true))
        .body("items[1].after.receiveEnabled", equalTo(false))
        .body("items[2].action", equalTo("create"));
    as("test-token").get("/api/v1/audit?actor=pipeline&resource=domain").then().statusCode(200)
        .body("items[0].key", equalTo("audited.example.test"));
  }

  @Test
  void aRejectedChangeLeavesNoAuditRecord() {
    as("test-token").body("{\"address\":\"x@nowhere.example.test\"}").post("/api/v1/mailboxes").then().statusCode(400);
    as("test-token").get("/api/v1/audit?key=x@nowhere.example.test").then().statusCode(200).body("total", equalTo(0));
  }
}
