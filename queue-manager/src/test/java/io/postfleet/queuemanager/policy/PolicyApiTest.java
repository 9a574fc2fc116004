package io.postfleet.queuemanager.policy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.postfleet.devstack.DevstackTestResource;
import io.postfleet.maps.policy.Check;
import io.postfleet.maps.policy.CheckMode;
import io.postfleet.maps.policy.DnsblAction;
import io.postfleet.maps.policy.LivePolicy;
import io.postfleet.maps.policy.MailPolicy;
import io.postfleet.maps.policy.PolicyListener;
import io.postfleet.maps.policy.QuarantineTarget;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** /api/v1/policy against the real database, and LivePolicy seeing what the API wrote. */
@QuarkusTest
@QuarkusTestResource(DevstackTestResource.class)
class PolicyApiTest {
  private static final String POLICY = """
      {"listeners":{"mx":{"iprev":"enforce","dnsbl":"TAG","spf":"enforce","greylist":"enforce"},
                    "submission":{"dkim":"tag"}},
       "dnsbl":{"zones":["zen.spamhaus.org=127.0.0.[2..11]*3","list.dnswl.org=127.0.[0..255].[1..3]*-5"],
                "threshold":3,"action":"drop"},
       "greylist":{"delay":"60s","retryWindow":"PT12H","autoAllowlistAfter":3,"maxAge":"30d"},
       "dkim":{"lengthTag":"refuse"},
       "texts":{"spf":"SPF says no"},
       "domains":{"Policy.Example.TEST":{"modes":{"spf":"off"},"quarantine":"junk"}}}""";

  @Inject
  AgroalDataSource dataSource;

  private static RequestSpecification as(String token) {
    return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
  }

  private static RequestSpecification admin() {
    return as("test-token");
  }

  @Test
  void noRowsMeanTheDefaultPolicy() throws Exception {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("delete from policy_listener_mode; delete from policy_dnsbl_zone; delete from policy_domain;"
          + " delete from mail_policy");
    }
    admin().get("/api/v1/policy").then().statusCode(200)
        .body("listeners.mx.iprev", equalTo("tag")).body("listeners.mx.greylist", equalTo("off"))
        .body("listeners.mx.dmarc", equalTo("enforce")).body("listeners.submission.spf", equalTo("off"))
        .body("dnsbl.zones.size()", equalTo(0)).body("dnsbl.threshold", equalTo(1))
        .body("dnsbl.action", equalTo("enforce"))
        .body("greylist.delay", equalTo("300s")).body("greylist.retryWindow", equalTo("2d"))
        .body("greylist.autoAllowlistAfter", equalTo(5)).body("greylist.maxAge", equalTo("35d"))
        .body("dkim.lengthTag", equalTo("honor"))
        .body("texts.spf", equalTo("SPF check failed")).body("domains.size()", equalTo(0));
  }

  @Test
  void aReplacedPolicyReadsBackFilledInAndIsAudited() {
    admin().body(POLICY).put("/api/v1/policy").then().statusCode(200)
        .body("listeners.mx.iprev", equalTo("enforce")).body("listeners.mx.dnsbl", equalTo("tag"))
        .body("listeners.mx.dkim", equalTo("tag")).body("listeners.submission.dkim", equalTo("tag"))
        .body("listeners.submission.dmarc", equalTo("off"));
    admin().get("/api/v1/policy").then().statusCode(200)
        .body("dnsbl.zones", contains("zen.spamhaus.org=127.0.0.[2..11]*3", "list.dnswl.org=127.0.[0..255].[1..3]*-5"))
        .body("dnsbl.threshold", equalTo(3)).body("dnsbl.action", equalTo("drop"))
        .body("greylist.delay", equalTo("60s")).body("greylist.retryWindow", equalTo("43200s"))
        .body("greylist.autoAllowlistAfter", equalTo(3)).body("greylist.maxAge", equalTo("30d"))
        .body("dkim.lengthTag", equalTo("refuse"))
        .body("texts.spf", equalTo("SPF says no")).body("texts.dmarc", containsString("DMARC"))
        .body("domains.'policy.example.test'.modes.spf", equalTo("off"))
        .body("domains.'policy.example.test'.quarantine", equalTo("junk"));
    admin().get("/api/v1/audit?resource=policy&key=main").then().statusCode(200)
        .body("items[0].action", equalTo("update")).body("items[0].actor", equalTo("bootstrap"))
        .body("items[0].after.dnsbl.action", equalTo("drop"));
  }

  @Test
  void everyProblemOfABadDocumentIsListed() {
    admin().body("""
        {"listeners":{"mx":{"spf":"maybe","dane":"tag"},"port25":{}},
         "dnsbl":{"zones":["","bl.example.test=127.0.0.[2..999]"],"threshold":0,"action":"block"},
         "greylist":{"delay":"soon","retryWindow":"1s","maxAge":"0s"},
         "dkim":{"lengthTag":"sometimes"},
         "domains":{"bad..domain":{},"ok.example.test":{"quarantine":"trash"}}}""")
        .put("/api/v1/policy").then().statusCode(400).contentType("application/problem+json")
        .body("type", equalTo("urn:postfleet:problem:invalid-request"))
        .body("detail", containsString("listeners.mx.spf: 'maybe' is not one of off, tag, enforce"))
        .body("detail", containsString("listeners.mx: 'dane' is not a check"))
        .body("detail", containsString("listeners: 'port25' is not a listener"))
        .body("detail", containsString("dnsbl.zones: a zone cannot be empty"))
        .body("detail", containsString("dnsbl.zones: DNSBL site 'bl.example.test=127.0.0.[2..999]'"))
        .body("detail", containsString("dnsbl.threshold: must be at least 1"))
        .body("detail", containsString("dnsbl.action: 'block' is not one of ignore, enforce, drop"))
        .body("detail", containsString("greylist.delay: 'soon' is not a duration"))
        .body("detail", containsString("greylist.maxAge: must be longer than zero"))
        .body("detail", containsString("dkim.lengthTag: 'sometimes'"))
        .body("detail", containsString("'bad..domain' is not a valid domain name"))
        .body("detail", containsString("domains.ok.example.test.quarantine: 'trash' is not one of hold, junk"));
    admin().body("{\"greylist\":{\"delay\":\"2h\",\"retryWindow\":\"1h\"}}").put("/api/v1/policy").then()
        .statusCode(400).body("detail", equalTo("greylist.retryWindow: must be longer than the delay"));
  }

  @Test
  void domainOverridesAreKeptAsALabelsAndAudited() {
    admin().body("{\"modes\":{\"dmarc\":\"tag\",\"greylist\":\"enforce\"}}")
        .put("/api/v1/policy/domains/Bücher.Example.TEST")
        .then().statusCode(200).body("modes.dmarc", equalTo("tag")).body("quarantine", equalTo("hold"));
    admin().get("/api/v1/policy/domains/xn--bcher-kva.example.test").then().statusCode(200)
        .body("modes.greylist", equalTo("enforce"));
    admin().get("/api/v1/policy").then().body("domains.'xn--bcher-kva.example.test'.modes.dmarc", equalTo("tag"));
    admin().body("{\"modes\":{},\"quarantine\":\"junk\"}").put("/api/v1/policy/domains/bücher.example.test")
        .then().statusCode(200).body("modes.size()", equalTo(0)).body("quarantine", equalTo("junk"));
    admin().body("{\"modes\":{\"spf\":\"strict\"}}").put("/api/v1/policy/domains/bücher.example.test")
        .then().statusCode(400).body("detail", containsString("'strict'"));
    admin().delete("/api/v1/policy/domains/bücher.example.test").then().statusCode(204);
    admin().get("/api/v1/policy/domains/bücher.example.test").then().statusCode(404)
        .contentType("application/problem+json");
    admin().delete("/api/v1/policy/domains/bücher.example.test").then().statusCode(404);
    admin().get("/api/v1/audit?resource=policy&key=xn--bcher-kva.example.test").then().statusCode(200)
        .body("items.action", contains("delete", "update", "create"))
        .body("items[0].after", nullValue()).body("items[1].after.quarantine", equalTo("junk"));
  }

  @Test
  void aReaderMayReadThePolicyButNotChangeIt() {
    String reader = admin().body("{\"name\":\"policy-reader\",\"role\":\"READER\"}").post("/api/v1/tokens")
        .then().statusCode(201).extract().path("token");
    as(reader).get("/api/v1/policy").then().statusCode(200);
    as(reader).body("{}").put("/api/v1/policy").then().statusCode(403).contentType("application/problem+json");
    as(reader).body("{}").put("/api/v1/policy/domains/reader.example.test").then().statusCode(403);
    as(reader).delete("/api/v1/policy/domains/reader.example.test").then().statusCode(403);
    given().get("/api/v1/policy").then().statusCode(401);
  }

  /** What smtp-ingress holds: a LivePolicy over the same tables, seeing a change within its interval. */
  @Test
  void livePolicySeesAChangeMadeThroughTheApi() throws Exception {
    admin().body("{}").put("/api/v1/policy").then().statusCode(200);
    try (LivePolicy live = new LivePolicy(dataSource, Duration.ofMillis(100))) {
      live.start();
      assertTrue(live.loaded());
      assertEquals(MailPolicy.DEFAULT, live.current());
      admin().body(POLICY).put("/api/v1/policy").then().statusCode(200);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (live.current().equals(MailPolicy.DEFAULT) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      MailPolicy policy = live.current();
      assertEquals(CheckMode.ENFORCE, policy.modes(PolicyListener.MX).mode(Check.GREYLIST));
      assertEquals(CheckMode.OFF, policy.modes(PolicyListener.MX, "POLICY.example.test").mode(Check.SPF));
      assertEquals(CheckMode.ENFORCE, policy.modes(PolicyListener.MX, "other.example.test").mode(Check.SPF));
      assertEquals(QuarantineTarget.JUNK, policy.quarantine("policy.example.test"));
      assertEquals(List.of("zen.spamhaus.org=127.0.0.[2..11]*3", "list.dnswl.org=127.0.[0..255].[1..3]*-5"),
          policy.dnsbl().zones());
      assertEquals(DnsblAction.DROP, policy.dnsbl().action());
      assertEquals(Duration.ofHours(12), policy.greylist().retryWindow());
      assertEquals("SPF says no", policy.texts().spf());
    }
  }
}
