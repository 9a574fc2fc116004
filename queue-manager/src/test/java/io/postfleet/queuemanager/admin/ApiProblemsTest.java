package io.postfleet.queuemanager.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.postfleet.devstack.DevstackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.Test;

/** Every 400, 401 and 403 of the admin API says what was wrong, as problem+json, without internals. */
@QuarkusTest
@QuarkusTestResource(DevstackTestResource.class)
class ApiProblemsTest {

  private static RequestSpecification admin() {
    return given().header("Authorization", "Bearer test-token").contentType(ContentType.JSON);
  }

  /** No Java class, package or exception name in any problem. */
  private static Matcher<String> noInternals() {
    return allOf(not(containsString("Exception")), not(containsString("java.")), not(containsString("com.fasterxml")),
        not(containsString("io.postfleet")), not(containsString("at [Source")));
  }

  private static ValidatableResponse problem(ValidatableResponse response, int status, String code) {
    return response.statusCode(status).contentType("application/problem+json")
        .body("type", equalTo("urn:postfleet:problem:" + code)).body("status", equalTo(status))
        .body("title", not(nullValue())).body("detail", not(nullValue())).body(noInternals());
  }

  @Test
  void malformedJsonSaysWhereItBroke() {
    problem(admin().body("{\"name\":\"x.test\",}").post("/api/v1/domains").then(), 400, "malformed-json")
        .body("detail", containsString("not well-formed JSON")).body("detail", containsString("line 1, column"));
    problem(admin().body("{\n  \"name\":\n}").post("/api/v1/domains").then(), 400, "malformed-json")
        .body("detail", containsString("line 3"));
    problem(admin().body("{not json").post("/api/v1/domains").then(), 400, "malformed-json");
    problem(admin().body("[\"a.test\"]").post("/api/v1/domains").then(), 400, "malformed-json")
        .body("detail", containsString("must be a JSON object"));
  }

  @Test
  void anUnknownFieldIsNamedWithTheFieldsThereAre() {
    problem(admin().body("{\"nmae\":\"x.test\"}").post("/api/v1/domains").then(), 400, "unknown-field")
        .body("field", equalTo("nmae")).body("allowed", hasItem("name")).body("detail", containsString("nmae"));
    problem(admin().body("{\"greylist\":{\"dealy\":\"5m\"}}").put("/api/v1/policy").then(), 400, "unknown-field")
        .body("field", equalTo("greylist.dealy")).body("allowed", hasItem("delay"));
  }

  @Test
  void aMistypedFieldIsNamedWithWhatItMustBe() {
    problem(admin().body("{\"name\":\"typed.example.test\",\"kind\":\"BOGUS\"}").post("/api/v1/domains").then(), 400,
        "invalid-field")
        .body("field", equalTo("kind")).body("allowed", contains("LOCAL", "VIRTUAL_ALIAS", "RELAY"))
        .body("detail", equalTo("kind must be one of LOCAL, VIRTUAL_ALIAS, RELAY, not 'BOGUS'"));
    admin().body("{\"name\":\"typed.example.test\"}").post("/api/v1/domains").then().statusCode(201);
    problem(admin().body("{\"address\":\"u@typed.example.test\",\"quotaBytes\":\"lots\"}").post("/api/v1/mailboxes")
        .then(), 400, "invalid-field")
        .body("field", equalTo("quotaBytes"))
        .body("detail", equalTo("quotaBytes must be an integer (64 bits), not 'lots'"));
    problem(admin().body("{\"address\":\"a@typed.example.test\",\"targets\":{\"x\":1}}").post("/api/v1/aliases").then(),
        400, "invalid-field")
        .body("field", equalTo("targets")).body("detail", equalTo("targets must be an array"));
    problem(admin().body("{\"dnsbl\":{\"threshold\":\"many\"}}").put("/api/v1/policy").then(), 400, "invalid-field")
        .body("field", equalTo("dnsbl.threshold"));
  }

  @Test
  void aValueOutOfRangeIsNamed() {
    admin().body("{\"name\":\"range.example.test\"}").post("/api/v1/domains").then().statusCode(201);
    problem(admin().body("{\"address\":\"u@range.example.test\",\"quotaBytes\":99999999999999999999}")
        .post("/api/v1/mailboxes").then(), 400, "invalid-field")
        .body("field", equalTo("quotaBytes"))
        .body("detail", equalTo("quotaBytes is out of range for an integer (64 bits)"));
    problem(admin().body("{\"dnsbl\":{\"threshold\":3000000000}}").put("/api/v1/policy").then(), 400, "invalid-field")
        .body("field", equalTo("dnsbl.threshold")).body("detail", containsString("out of range"));
    admin().get("/api/v1/mailboxes?domain=range.example.test").then().statusCode(200).body("total", equalTo(0));
  }

  @Test
  void aMissingOrRefusedFieldIsNamed() {
    problem(admin().body("{}").post("/api/v1/domains").then(), 400, "missing-field")
        .body("field", equalTo("name")).body("detail", equalTo("name is required"));
    problem(admin().body("{\"kind\":\"SMTP\"}").post("/api/v1/transports").then(), 400, "missing-field")
        .body("field", equalTo("pattern"));
    problem(admin().body("{\"pattern\":\"x.test\"}").post("/api/v1/transports").then(), 400, "missing-field")
        .body("field", equalTo("kind"));
    problem(admin().body("{\"targets\":[\"x@remote.test\"]}").post("/api/v1/aliases").then(), 400, "missing-field")
        .body("field", equalTo("address"));
    problem(admin().body("{\"name\":\"bad_domain!\"}").post("/api/v1/domains").then(), 400, "invalid-request")
        .body("field", equalTo("name")).body("detail", containsString("bad_domain!"));
  }

  /** What a GET returns may be sent back: output-only fields are known fields, not unknown ones. */
  @Test
  void whatAGetReturnsCanBePutBack() {
    admin().body("{\"name\":\"bücher-rt.example.test\"}").post("/api/v1/domains").then().statusCode(201);
    String domain = admin().get("/api/v1/domains/bücher-rt.example.test").then().statusCode(200).extract().asString();
    admin().body(domain).put("/api/v1/domains/bücher-rt.example.test").then().statusCode(200);
    admin().body("{\"address\":\"rt@bücher-rt.example.test\",\"password\":\"round trips\"}").post("/api/v1/mailboxes")
        .then().statusCode(201);
    String mailbox = admin().get("/api/v1/mailboxes/rt@bücher-rt.example.test").then().statusCode(200)
        .body("hasPassword", equalTo(true)).extract().asString();
    admin().body(mailbox).put("/api/v1/mailboxes/rt@bücher-rt.example.test").then().statusCode(200)
        .body("hasPassword", equalTo(true));
  }

  @Test
  void aBadQueryParameterIsA400NamingItAndItsValues() {
    problem(admin().get("/api/v1/domains?kind=BOGUS").then(), 400, "invalid-parameter")
        .body("parameter", equalTo("kind")).body("allowed", contains("LOCAL", "VIRTUAL_ALIAS", "RELAY"))
        .body("detail", equalTo("kind must be one of LOCAL, VIRTUAL_ALIAS, RELAY, not 'BOGUS'"));
    admin().get("/api/v1/domains?kind=relay").then().statusCode(200);
    problem(admin().get("/api/v1/mailboxes?page=abc").then(), 400, "invalid-parameter")
        .body("parameter", equalTo("page")).body("detail", equalTo("page must be an integer, not 'abc'"));
    problem(admin().get("/api/v1/queue?state=BOGUS").then(), 400, "invalid-parameter")
        .body("parameter", equalTo("state")).body("allowed", equalTo(List.of("IN_FLIGHT", "DEFERRED", "HELD")));
    problem(admin().get("/api/v1/queue?minAge=yesterday").then(), 400, "invalid-parameter")
        .body("parameter", equalTo("minAge"));
    problem(admin().get("/api/v1/audit?size=0").then(), 400, "invalid-parameter").body("parameter", equalTo("size"));
  }

  @Test
  void authenticationAndAuthorisationFailuresAreProblems() {
    problem(given().get("/api/v1/domains").then(), 401, "unauthorized")
        .header("WWW-Authenticate", equalTo("Bearer realm=\"postfleet\""));
    problem(given().header("Authorization", "Basic dGVzdDp0ZXN0").get("/api/v1/domains").then(), 401, "unauthorized")
        .header("WWW-Authenticate", containsString("Bearer"));
    problem(given().header("Authorization", "Bearer not-a-token").get("/api/v1/tokens").then(), 401, "unauthorized");
    // RFC 7235 §2.1: the scheme is case-insensitive.
    given().header("Authorization", "bearer test-token").get("/api/v1/domains").then().statusCode(200);

    String reader = admin().body("{\"name\":\"problems-reader\",\"role\":\"READER\"}").post("/api/v1/tokens")
        .then().statusCode(201).extract().path("token");
    RequestSpecification asReader = given().header("Authorization", "Bearer " + reader).contentType(ContentType.JSON);
    asReader.get("/api/v1/domains").then().statusCode(200);
    problem(given().header("Authorization", "Bearer " + reader).contentType(ContentType.JSON)
        .body("{\"name\":\"nope.example.test\"}").post("/api/v1/domains").then(), 403, "forbidden")
        .body("detail", containsString("problems-reader"));
    problem(given().header("Authorization", "Bearer " + reader).get("/api/v1/tokens").then(), 403, "forbidden");
    problem(given().header("Authorization", "Bearer " + reader).post("/api/v1/queue/flush").then(), 403, "forbidden");
  }
}
