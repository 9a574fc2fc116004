package io.postfleet.queuemanager.bulk;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.devstack.DevstackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/** Import and export in Postfix's own formats, against the real database. */
@QuarkusTest
@QuarkusTestResource(DevstackTestResource.class)
class TablesApiTest {
  /** As a Postfix administrator's /etc/postfix/virtual would look, comments and continuations included. */
  private static final String VIRTUAL = """
      # virtual alias domain and its users
      lists.example.test    anything
      sales@lists.example.test   ann@mail.tables.test,
          bob@mail.tables.test
      @lists.example.test   ann@mail.tables.test

      info@mail.tables.test  ann@mail.tables.test
      """;

  private static RequestSpecification admin() {
    return given().header("Authorization", "Bearer test-token");
  }

  private static RequestSpecification text(String body) {
    return admin().contentType("text/plain").body(body);
  }

  @Test
  void virtualMailboxesAndTransportFilesRoundTrip() {
    admin().contentType("application/json").body("{\"name\":\"mail.tables.test\"}").post("/api/v1/domains")
        .then().statusCode(201);
    text("ann@mail.tables.test   mail.tables.test/ann/\nbob@mail.tables.test mail.tables.test/bob/\n")
        .post("/api/v1/tables/mailboxes").then().statusCode(200)
        .body("created", contains("ann@mail.tables.test", "bob@mail.tables.test"));

    text(VIRTUAL).post("/api/v1/tables/virtual?dryRun=true").then().statusCode(200)
        .body("dryRun", equalTo(true)).body("created.size()", equalTo(4));
    admin().get("/api/v1/domains/lists.example.test").then().statusCode(404);

    text(VIRTUAL).post("/api/v1/tables/virtual").then().statusCode(200)
        .body("created", contains("lists.example.test", "sales@lists.example.test", "@lists.example.test",
            "info@mail.tables.test"));
    admin().get("/api/v1/domains/lists.example.test").then().statusCode(200).body("kind", equalTo("VIRTUAL_ALIAS"));
    text(VIRTUAL).post("/api/v1/tables/virtual").then().statusCode(200)
        .body("created.size()", equalTo(0)).body("unchanged", equalTo(4));
    text("sales@lists.example.test ann@mail.tables.test\n").post("/api/v1/tables/virtual").then().statusCode(200)
        .body("updated", contains("sales@lists.example.test"));

    String transport = "# next hops\npartner.tables.test smtp:[10.9.9.9]:2525\n.old.tables.test error:5.7.1 gone\n"
        + "mail.tables.test local:\n";
    text(transport).post("/api/v1/tables/transport").then().statusCode(200).body("created.size()", equalTo(3));
    String exported = admin().get("/api/v1/tables/transport").then().statusCode(200).extract().asString();
    // Other tests share the database: check our lines, in the sorted order export promises.
    assertTrue(exported.startsWith("# exported by Postfleet\n"), exported);
    assertTrue(
        exported.matches("(?s).*\n\\.old\\.tables\\.test error:5\\.7\\.1 gone\n(.*\n)*mail\\.tables\\.test local:\n"
            + "(.*\n)*partner\\.tables\\.test smtp:\\[10\\.9\\.9\\.9\\]:2525\n.*"),
        exported);
    text(exported).post("/api/v1/tables/transport?dryRun=true").then().statusCode(200)
        .body("created.size()", equalTo(0)).body("updated.size()", equalTo(0));

    String virtual = admin().get("/api/v1/tables/virtual").then().statusCode(200).extract().asString();
    text(virtual).post("/api/v1/tables/virtual?dryRun=true").then().statusCode(200)
        .body("created.size()", equalTo(0)).body("updated.size()", equalTo(0));
  }

  @Test
  void anAliasesFileIsForOneDomainAndABadLineRejectsTheWholeFile() {
    admin().contentType("application/json").body("{\"name\":\"aliases.tables.test\"}").post("/api/v1/domains")
        .then().statusCode(201);
    admin().contentType("application/json").body("{\"address\":\"root@aliases.tables.test\"}").post("/api/v1/mailboxes")
        .then().statusCode(201);
    String aliases = "postmaster: root\nabuse: root, security@elsewhere.test\n";
    text(aliases).post("/api/v1/tables/aliases").then().statusCode(400).body("detail", containsString("?domain="));
    text(aliases + "backup: |/usr/bin/backup\nroot: someone\n")
        .post("/api/v1/tables/aliases?domain=aliases.tables.test")
        .then().statusCode(400).contentType("application/problem+json")
        .body("detail", containsString("line 3"))
        .body("detail", containsString("root@aliases.tables.test: a mailbox of that name exists"));
    admin().get("/api/v1/aliases/postmaster@aliases.tables.test").then().statusCode(404);

    text(aliases).post("/api/v1/tables/aliases?domain=aliases.tables.test").then().statusCode(200)
        .body("created", contains("postmaster@aliases.tables.test", "abuse@aliases.tables.test"));
    assertEquals("# exported by Postfleet\nabuse: root@aliases.tables.test, security@elsewhere.test\n"
        + "postmaster: root@aliases.tables.test\n",
        admin().get("/api/v1/tables/aliases?domain=aliases.tables.test").then().statusCode(200).extract().asString());
  }
}
