package io.postfleet.outboundrelay.smtp;

import io.postfleet.outboundrelay.route.NextHop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The TLS policy and AUTH credentials of each next hop, looked up as Postfix looks up its
 * {@code smtp_tls_policy_maps} and {@code smtp_sasl_password_maps}: the next hop as the job writes
 * it ({@code [relay.test]:587}), then its host or domain ({@code example.com}), then, for TLS, each
 * parent domain with a leading dot ({@code .example.com} covers {@code mx.example.com}).
 */
public final class DestinationPolicies {
  private final TlsLevel defaultLevel;
  private final Map<String, TlsLevel> tls;
  private final Map<String, Credentials> credentials;

  public DestinationPolicies(
      TlsLevel defaultLevel, Map<String, TlsLevel> tls, Map<String, Credentials> credentials) {
    this.defaultLevel = defaultLevel;
    this.tls = lowerCaseKeys(tls);
    this.credentials = lowerCaseKeys(credentials);
  }

  public Destination forNextHop(String nextHopText, NextHop hop) {
    String exact = nextHopText.trim().toLowerCase(Locale.ROOT);
    String host = hop.host().toLowerCase(Locale.ROOT);
    TlsLevel level = defaultLevel;
    for (String key : tlsKeys(exact, host)) {
      if (tls.containsKey(key)) {
        level = tls.get(key);
        break;
      }
    }
    Optional<Credentials> auth = Optional.ofNullable(credentials.get(exact))
        .or(() -> Optional.ofNullable(credentials.get(host)));
    return new Destination(nextHopText, level, auth);
  }

  private static List<String> tlsKeys(String exact, String host) {
    List<String> keys = new ArrayList<>(List.of(exact, host));
    for (int dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) {
      keys.add(host.substring(dot));
    }
    return keys;
  }

  private static <V> Map<String, V> lowerCaseKeys(Map<String, V> map) {
    Map<String, V> lower = new HashMap<>();
    map.forEach((k, v) -> lower.put(k.trim().toLowerCase(Locale.ROOT), v));
    return Map.copyOf(lower);
  }
}
