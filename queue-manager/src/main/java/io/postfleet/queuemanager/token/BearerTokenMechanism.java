package io.postfleet.queuemanager.token;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Set;

/**
 * Reads {@code Authorization: Bearer <token>} (RFC 6750 §2.1; the scheme is case-insensitive) and
 * hands the token to {@link TokenIdentityProvider}. A request without one stays anonymous, so the
 * endpoints' {@code @RolesAllowed} decide: 401 for a protected one, and health, metrics and OpenAPI
 * stay open.
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {
  /** RFC 6750 §3: the challenge of a 401. */
  public static final String CHALLENGE = "Bearer realm=\"postfleet\"";
  private static final String SCHEME = "bearer ";

  @Override
  public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
    String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || header.length() <= SCHEME.length()
        || !header.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
      return Uni.createFrom().nullItem();
    }
    String token = header.substring(SCHEME.length()).trim();
    return identities.authenticate(new TokenAuthenticationRequest(new TokenCredential(token, "bearer")));
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", CHALLENGE));
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of(TokenAuthenticationRequest.class);
  }
}
