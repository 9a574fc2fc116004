package io.postfleet.queuemanager.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.postfleet.devstack.DevstackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/** The admin API against a real PostgreSQL migrated by Flyway. */
@QuarkusTest
@QuarkusTestResource(DevstackTestResource.class)
class AdminApiTest {

  private static RequestSpecification admin() {
    return given().header("Authorization", "Bearer test-token").contentType(ContentType.JSON);
  }

  @Test
  void requestsWithoutTheTokenGet401ProblemJson() {
    given().get("/api/v1/domains").then().statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", containsString("Bearer"))
        .body("status", equalTo(401));
    given().header("Authorization", "Bearer wrong").get("/api/v1/domains").then().statusCode(401);
  }

  @Test
  void healthAndOpenApiNeedNoToken() {
    given().get("/q/health/ready").then().statusCode(200);
    given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/mailboxes"));
  }

  @Test
  void domainsMailboxesAndAliasesHaveFullCrud() {
    admin().body("{\"name\":\"Crud.Example.Test.\"}").post("/api/v1/domains").then().statusCode(201)
        .header("Location", endsWith("/api/v1/domains/crud.example.test"))
        .body("name", equalTo("crud.example.test")).body("kind", equalTo("LOCAL"));
    admin().body("{\"name\":\"crud.example.test\"}").post("/api/v1/domains").then().statusCode(409)
        .contentType("application/problem+json").body("type", equalTo("urn:postfleet:problem:conflict"));

    admin().body("{\"address\":\"Request@crud.example.test\"}").post("/api/v1/mailboxes").then().statusCode(201)
        .header("Location", endsWith("/api/v1/mailboxes/request@crud.example.test"))
        .body("receiveEnabled", equalTo(true));
    admin().body("{\"address\":\"info@crud.example.test\",\"receiveEnabled\":false}").post("/api/v1/mailboxes")
        .then().statusCode(201).body("receiveEnabled", equalTo(false));
    admin().get("/api/v1/mailboxes?domain=crud.example.test").then().statusCode(200)
        .body("items.address", contains("info@crud.example.test", "request@crud.example.test"))
        .body("total", equalTo(2));
    admin().body("{\"receiveEnabled\":true}").put("/api/v1/mailboxes/info@crud.example.test").then()
        .statusCode(200).body("receiveEnabled", equalTo(true));

    admin().body(
        "{\"address\":\"team@crud.example.test\",\"targets\":[\"request@crud.example.test\",\"Partner@Remote.Test\"]}")
        .post("/api/v1/aliases").then().statusCode(201)
        .body("targets", contains("request@crud.example.test", "partner@remote.test"));
    admin().body("{\"address\":\"request@crud.example.test\",\"targets\":[\"x@remote.test\"]}")
        .post("/api/v1/aliases").then().statusCode(409);
    admin().body("{\"targets\":[\"info@crud.example.test\"]}").put("/api/v1/aliases/team@crud.example.test")
        .then().statusCode(200).body("targets", contains("info@crud.example.test"));
    admin().body("{\"address\":\"@crud.example.test\",\"targets\":[\"request@crud.example.test\"]}")
        .post("/api/v1/aliases").then().statusCode(201);
    admin().get("/api/v1/aliases/@crud.example.test").then().statusCode(200);

    admin().delete("/api/v1/domains/crud.example.test").then().statusCode(409);
    admin().delete("/api/v1/aliases/team@crud.example.test").then().statusCode(204);
    admin().delete("/api/v1/aliases/@crud.example.test").then().statusCode(204);
    admin().delete("/api/v1/mailboxes/info@crud.example.test").then().statusCode(204);
    admin().delete("/api/v1/mailboxes/request@crud.example.test").then().statusCode(204);
    admin().get("/api/v1/mailboxes/request@crud.example.test").then().statusCode(404)
        .contentType("application/problem+json").body("status", equalTo(404));
    admin().delete("/api/v1/domains/crud.example.test").then().statusCode(204);
    admin().get("/api/v1/domains").then().statusCode(200).body("items.name", not(hasItem("crud.example.test")));
  }

  @Test
  void aMailboxIsMaildirUnlessMboxIsAskedFor() {
    admin().body("{\"name\":\"format.example.test\"}").post("/api/v1/domains").then().statusCode(201);
    admin().body("{\"address\":\"md@format.example.test\"}").post("/api/v1/mailboxes").then().statusCode(201)
        .body("format", equalTo("MAILDIR"));
    admin().body("{\"address\":\"mb@format.example.test\",\"format\":\"MBOX\"}").post("/api/v1/mailboxes").then()
        .statusCode(201).body("format", equalTo("MBOX"));
    admin().body("{\"receiveEnabled\":false}").patch("/api/v1/mailboxes/mb@format.example.test").then()
        .statusCode(200).body("format", equalTo("MBOX"));
    admin().get("/api/v1/mailboxes/mb@format.example.test").then().statusCode(200).body("format", equalTo("MBOX"));
    admin().body("{\"format\":\"MAILDIR\"}").patch("/api/v1/mailboxes/mb@format.example.test").then()
        .statusCode(200).body("format", equalTo("MAILDIR"));
    admin().body("{\"format\":\"MBOX\"}").put("/api/v1/mailboxes/md@format.example.test").then()
        .statusCode(200).body("format", equalTo("MBOX"));
    admin().body("{}").put("/api/v1/mailboxes/md@format.example.test").then()
        .statusCode(200).body("format", equalTo("MAILDIR"));
    admin().body("{\"format\":\"MH\"}").patch("/api/v1/mailboxes/md@format.example.test").then()
        .statusCode(400).contentType("application/problem+json").body(not(containsString("Exception")))
        .body("detail", equalTo("format must be one of MAILDIR, MBOX, not 'MH'"));
    admin().body("{\"quotaBytes\":\"lots\"}").patch("/api/v1/mailboxes/md@format.example.test").then()
        .statusCode(400).contentType("application/problem+json").body("detail", containsString("quotaBytes"));
  }

  @Test
  void patchChangesOnlyTheFieldsGivenAndPasswordsAreWriteOnly() {
    admin().body("{\"name\":\"patch.example.test\"}").post("/api/v1/domains").then().statusCode(201);
    admin().body("{\"address\":\"u@patch.example.test\",\"quotaBytes\":1000,\"password\":\"correct horse\"}")
        .post("/api/v1/mailboxes").then().statusCode(201)
        .body("hasPassword", equalTo(true)).body("password", nullValue()).body("quotaBytes", equalTo(1000));
    admin().body("{\"receiveEnabled\":false}").patch("/api/v1/mailboxes/u@patch.example.test").then().statusCode(200)
        .body("receiveEnabled", equalTo(false)).body("quotaBytes", equalTo(1000)).body("hasPassword", equalTo(true));
    admin().body("{\"password\":\"\"}").patch("/api/v1/mailboxes/u@patch.example.test").then().statusCode(200)
        .body("hasPassword", equalTo(false));
    admin().body("{\"password\":\"short\"}").patch("/api/v1/mailboxes/u@patch.example.test").then().statusCode(400);
    admin().body("{}").put("/api/v1/mailboxes/u@patch.example.test").then().statusCode(200)
        .body("receiveEnabled", equalTo(true)).body("quotaBytes", nullValue());
    admin().body("{\"kind\":\"RELAY\"}").patch("/api/v1/domains/patch.example.test").then().statusCode(409);
  }

  @Test
  void internationalisedDomainsAreStoredAsALabelsAndShownInBothForms() {
    admin().body("{\"name\":\"bücher.example.test\"}").post("/api/v1/domains").then().statusCode(201)
        .body("name", equalTo("xn--bcher-kva.example.test")).body("unicodeName", equalTo("bücher.example.test"));
    admin().get("/api/v1/domains/BÜCHER.example.test").then().statusCode(200)
        .body("name", equalTo("xn--bcher-kva.example.test"));
    admin().body("{\"address\":\"leser@bücher.example.test\"}").post("/api/v1/mailboxes").then().statusCode(201)
        .body("address", equalTo("leser@xn--bcher-kva.example.test"));
  }

  @Test
  void listsArePagedAndFiltered() {
    admin().body("{\"name\":\"paged.example.test\"}").post("/api/v1/domains").then().statusCode(201);
    for (int i = 0; i < 5; i++) {
      admin().body("{\"address\":\"user" + i + "@paged.example.test\"}").post("/api/v1/mailboxes").then()
          .statusCode(201);
    }
    admin().get("/api/v1/mailboxes?domain=paged.example.test&page=1&size=2").then().statusCode(200)
        .body("items.address", contains("user2@paged.example.test", "user3@paged.example.test"))
        .body("total", equalTo(5)).body("page", equalTo(1)).body("size", equalTo(2));
    admin().get("/api/v1/mailboxes?q=user4@paged").then().statusCode(200)
        .body("items.address", contains("user4@paged.example.test"));
    admin().get("/api/v1/mailboxes?size=0").then().statusCode(400).contentType("application/problem+json");
    // LIKE's wildcards in a filter match themselves: no mailbox here has an underscore.
    admin().get("/api/v1/mailboxes?domain=paged.example.test&q=user_").then().statusCode(200).body("total", equalTo(0));
  }

  @Test
  void badInputGets400ProblemsWithoutInternals() {
    admin().body("{\"name\":\"bad_domain!\"}").post("/api/v1/domains").then().statusCode(400)
        .contentType("application/problem+json").body("type", equalTo("urn:postfleet:problem:invalid-request"));
    admin().body("{\"address\":\"someone@not-ours.test\"}").post("/api/v1/mailboxes").then().statusCode(400)
        .body("detail", containsString("not one of ours"));
    admin().body("{\"address\":\"no-at-sign\"}").post("/api/v1/mailboxes").then().statusCode(400);
    admin().body("{not json").post("/api/v1/domains").then().statusCode(400)
        .contentType("application/problem+json").body(not(containsString("Exception")));
    admin().get("/api/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
  }
}
