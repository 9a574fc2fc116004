package io.postfleet.queuemanager.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.postfleet.devstack.DevstackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two clients create the same key at the same instant, round after round: one gets 201, the other
 * 409 problem+json, never a 500 from the primary key, and only the winner is audited.
 */
@QuarkusTest
@QuarkusTestResource(DevstackTestResource.class)
class ConcurrentCreateTest {
  private static final int ROUNDS = 40;
  private static ExecutorService clients;

  @BeforeAll
  static void startClients() {
    clients = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void stopClients() {
    clients.shutdownNow();
  }

  @Test
  void racingDomainCreatesGiveOne201AndOne409() throws Exception {
    race("/api/v1/domains", i -> "{\"name\":\"d" + i + ".race.example.test\"}");
    admin().get("/api/v1/audit?resource=domain&key=d0.race.example.test").then().statusCode(200)
        .body("total", equalTo(1));
  }

  @Test
  void racingMailboxAliasAndTransportCreatesGiveOne201AndOne409() throws Exception {
    admin().body("{\"name\":\"maps.race.example.test\"}").post("/api/v1/domains").then().statusCode(201);
    race("/api/v1/mailboxes", i -> "{\"address\":\"m" + i + "@maps.race.example.test\",\"password\":\"racing horse\"}");
    race("/api/v1/aliases", i -> "{\"address\":\"a" + i + "@maps.race.example.test\",\"targets\":[\"x@remote.test\"]}");
    race("/api/v1/transports", i -> "{\"pattern\":\"t" + i + ".race.example.test\",\"kind\":\"SMTP\","
        + "\"nexthop\":\"[relay.race.example.test]:25\"}");
  }

  @Test
  void racingTokenAndDkimKeyCreatesGiveOne201AndOne409() throws Exception {
    race("/api/v1/tokens", i -> "{\"name\":\"race-" + i + "\",\"role\":\"READER\"}");
    race("/api/v1/dkim-keys", i -> "{\"domain\":\"k" + i + ".race.example.test\",\"selector\":\"s1\","
        + "\"algorithm\":\"ed25519-sha256\",\"generate\":true}");
  }

  private static void race(String path, IntFunction<String> body) throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      String json = body.apply(round);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Response>> answers = new ArrayList<>();
      for (int client = 0; client < 2; client++) {
        answers.add(clients.submit(() -> {
          start.await();
          return admin().body(json).post(path);
        }));
      }
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Response> answer : answers) {
        Response response = answer.get(30, TimeUnit.SECONDS);
        statuses.add(response.statusCode());
        if (response.statusCode() == 409) {
          assertEquals("application/problem+json", response.contentType());
          assertEquals("urn:postfleet:problem:conflict", response.path("type"));
        }
      }
      statuses.sort(null);
      assertEquals(List.of(201, 409), statuses, path + " round " + round + ": " + json);
    }
  }

  private static RequestSpecification admin() {
    return given().header("Authorization", "Bearer test-token").contentType(ContentType.JSON);
  }
}
