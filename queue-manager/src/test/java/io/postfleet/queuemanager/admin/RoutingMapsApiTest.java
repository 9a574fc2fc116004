package io.postfleet.queuemanager.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.postfleet.devstack.DevstackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/** Transports, settings and /resolve: what decides where mail goes, changed and explained live. */
@QuarkusTest
@QuarkusTestResource(DevstackTestResource.class)
class RoutingMapsApiTest {

  private static RequestSpecification admin() {
    return given().header("Authorization", "Bearer test-token").contentType(ContentType.JSON);
  }

  @Test
  void transportsAreValidatedStoredAndHonouredByResolve() {
    admin().body("{\"pattern\":\"Partner.Test\",\"kind\":\"SMTP\",\"nexthop\":\"[MX.Partner.Test]:2525\"}")
        .post("/api/v1/transports").then().statusCode(201)
        .body("pattern", equalTo("partner.test")).body("nexthop", equalTo("[mx.partner.test]:2525"));
    admin().body("{\"pattern\":\".blocked.test\",\"kind\":\"ERROR\",\"nexthop\":\"5.7.1 we do not deliver there\"}")
        .post("/api/v1/transports").then().statusCode(201);
    admin().body("{\"pattern\":\"bad.test\",\"kind\":\"SMTP\",\"nexthop\":\"[unclosed:25\"}")
        .post("/api/v1/transports").then().statusCode(400);
    admin().body("{\"pattern\":\"bad.test\",\"kind\":\"LOCAL\",\"nexthop\":\"x\"}")
        .post("/api/v1/transports").then().statusCode(400);

    admin().get("/api/v1/resolve?address=someone@partner.test").then().statusCode(200)
        .body("routes[0].route", equalTo("smtp")).body("routes[0].nextHop", equalTo("[mx.partner.test]:2525"))
        .body("steps", hasItem("transport: SMTP [mx.partner.test]:2525"));
    admin().get("/api/v1/resolve?address=x@eu.blocked.test").then().statusCode(200)
        .body("routes[0].route", equalTo("bounce")).body("routes[0].status", equalTo("5.7.1"))
        .body("routes[0].reason", equalTo("we do not deliver there"));

    admin().body("{\"kind\":\"SMTP\",\"nexthop\":\"[mx2.partner.test]\"}").patch("/api/v1/transports/partner.test")
        .then().statusCode(200).body("nexthop", equalTo("[mx2.partner.test]"));
    admin().delete("/api/v1/transports/partner.test").then().statusCode(204);
    admin().get("/api/v1/resolve?address=someone@partner.test").then().statusCode(200)
        .body("routes[0].nextHop", equalTo("partner.test"));
  }

  /** pipe(8): the command is checked when it is written, so local-delivery never meets one it cannot run. */
  @Test
  void pipeTransportsTakeACommandAndRefuseWhatCannotRun() {
    admin().body("{\"pattern\":\"lists.test\",\"kind\":\"PIPE\",\"nexthop\":\"/usr/bin/filter ${client_address}\"}")
        .post("/api/v1/transports").then().statusCode(400).contentType("application/problem+json")
        .body("detail", containsString("${client_address}"));
    admin().body("{\"pattern\":\"lists.test\",\"kind\":\"PIPE\",\"nexthop\":\"filter ${user}\"}")
        .post("/api/v1/transports").then().statusCode(400).contentType("application/problem+json");
    admin().body("{\"pattern\":\"lists.test\",\"kind\":\"PIPE\"}")
        .post("/api/v1/transports").then().statusCode(400);
    // Longer than a host name column would hold: the column was widened for commands.
    String command = "/usr/lib/mailman/mail/mailman post ${user} \\\"" + "x".repeat(400) + "\\\" --from ${sender}";
    admin().body("{\"pattern\":\"lists.test\",\"kind\":\"PIPE\",\"nexthop\":\"" + command + "\"}")
        .post("/api/v1/transports").then().statusCode(201).body("kind", equalTo("PIPE"));
    admin().get("/api/v1/resolve?address=announce@lists.test").then().statusCode(200)
        .body("routes[0].route", equalTo("pipe")).body("routes[0].address", equalTo("announce@lists.test"))
        .body("routes[0].nextHop", startsWith("/usr/lib/mailman/mail/mailman post ${user} \"xxx"));
    given().header("Authorization", "Bearer test-token").get("/api/v1/tables/transport").then().statusCode(200)
        .body(containsString("lists.test pipe:/usr/lib/mailman/mail/mailman post ${user}"));
    admin().delete("/api/v1/transports/lists.test").then().statusCode(204);
  }

  @Test
  void settingsCarryRelayhostSenderLoginMatchAndMynetworks() {
    admin().body("{\"relayhost\":\"[smarthost.test]:587\",\"trustedNetworks\":[\"10.1.0.0/16\",\"[2001:db8::]/32\"]}")
        .patch("/api/v1/settings").then().statusCode(200)
        .body("relayhost", equalTo("[smarthost.test]:587"))
        .body("trustedNetworks", contains("10.1.0.0/16", "2001:db8::/32"))
        .body("senderLoginMatch", equalTo(false));
    admin().get("/api/v1/resolve?address=anyone@faraway.test").then().statusCode(200)
        .body("routes[0].nextHop", equalTo("[smarthost.test]:587"));
    admin().body("{\"trustedNetworks\":[\"10.1.2.3/16\"]}").patch("/api/v1/settings").then().statusCode(400)
        .body("detail", containsString("perhaps you should use \"10.1.0.0/16\""));
    admin().body("{\"trustedNetworks\":[\"mail.example.test/32\"]}").patch("/api/v1/settings").then().statusCode(400);
    admin().body("{}").put("/api/v1/settings").then().statusCode(200)
        .body("relayhost", equalTo("")).body("trustedNetworks.size()", equalTo(0));
    admin().get("/api/v1/resolve?address=anyone@faraway.test").then().statusCode(200)
        .body("routes[0].nextHop", equalTo("faraway.test"));
  }

  @Test
  void postmasterOfEveryDomainAndTheBareOneReachTheConfiguredAddress() {
    admin().body("{\"name\":\"pm.example.test\"}").post("/api/v1/domains").then().statusCode(201);
    admin().body("{\"address\":\"admin@pm.example.test\"}").post("/api/v1/mailboxes").then().statusCode(201);
    admin().get("/api/v1/resolve?address=postmaster@pm.example.test").then().statusCode(200)
        .body("routes[0].route", equalTo("bounce"));
    admin().body("{\"postmaster\":\"not an address\"}").patch("/api/v1/settings").then().statusCode(400);
    admin().body("{\"postmaster\":\"Admin@pm.example.test\"}").patch("/api/v1/settings").then().statusCode(200)
        .body("postmaster", equalTo("admin@pm.example.test"));
    admin().get("/api/v1/resolve?address=PostMaster@pm.example.test").then().statusCode(200)
        .body("routes[0].route", equalTo("mailbox")).body("routes[0].address", equalTo("admin@pm.example.test"));
    admin().body("{\"postmaster\":\"\"}").patch("/api/v1/settings").then().statusCode(200)
        .body("postmaster", equalTo(""));
  }

  @Test
  void resolveExplainsAliasesAndMailboxes() {
    admin().body("{\"name\":\"why.example.test\"}").post("/api/v1/domains").then().statusCode(201);
    admin().body("{\"address\":\"ann@why.example.test\"}").post("/api/v1/mailboxes").then().statusCode(201);
    admin()
        .body(
            "{\"address\":\"team@why.example.test\",\"targets\":[\"ann@why.example.test\",\"ghost@why.example.test\"]}")
        .post("/api/v1/aliases").then().statusCode(201);
    admin().get("/api/v1/resolve?address=Team+x@why.example.test").then().statusCode(200)
        .body("address", equalTo("team+x@why.example.test"))
        .body("routes.route", contains("mailbox", "bounce"))
        .body("routes[1].status", equalTo("5.1.1"))
        .body("steps", hasItem("aliases: team@why.example.test -> ann@why.example.test, ghost@why.example.test"));
    admin().get("/api/v1/resolve").then().statusCode(400);
  }
}
