package io.postfleet.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The seed tutorial's domain, configured through the admin API: {@code request@} receives users'
 * requests, {@code info@} only sends notices, so mail to it is refused at RCPT; {@code postmaster@}
 * is the postmaster every domain must have (RFC 5321 §4.5.1) and receives double bounces.
 */
final class DemoDomain {
  static final String DOMAIN = "mail.example.test";

  private final URI adminBase;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  DemoDomain(URI adminBase, String token) {
    this.adminBase = adminBase;
    this.token = token;
  }

  /** Creates what is missing; what an earlier run (or the user) created is left as it is. */
  void configure() {
    post("/api/v1/domains", "{\"name\":\"" + DOMAIN + "\",\"kind\":\"LOCAL\"}");
    post("/api/v1/mailboxes", "{\"address\":\"request@" + DOMAIN + "\",\"receiveEnabled\":true}");
    post("/api/v1/mailboxes", "{\"address\":\"info@" + DOMAIN + "\",\"receiveEnabled\":false}");
    post("/api/v1/mailboxes", "{\"address\":\"postmaster@" + DOMAIN + "\",\"receiveEnabled\":true}");
    // Only where none is set yet: a postmaster the user chose stays.
    if (send("GET", "/api/v1/settings", "").contains("\"postmaster\":\"\"")) {
      send("PATCH", "/api/v1/settings", "{\"postmaster\":\"postmaster@" + DOMAIN + "\"}");
    }
  }

  private void post(String path, String json) {
    send("POST", path, json);
  }

  private String send(String method, String path, String json) {
    HttpRequest request = HttpRequest.newBuilder(adminBase.resolve(path))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .method(method, json.isEmpty()
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json))
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + method + " " + path, e);
    }
    int status = response.statusCode();
    // 409: it exists already, from an earlier run.
    if (status / 100 != 2 && status != 409) {
      throw new IllegalStateException(
          method + " " + path + " " + json + " answered " + status + ": " + response.body());
    }
    return response.body();
  }
}
