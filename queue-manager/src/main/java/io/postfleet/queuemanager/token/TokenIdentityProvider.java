package io.postfleet.queuemanager.token;

import io.postfleet.queuemanager.admin.Caller;
import io.postfleet.queuemanager.admin.Roles;
import io.postfleet.queuemanager.config.QueueManagerConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Knows the admin API's bearer tokens: the configured bootstrap token (an admin called
 * "bootstrap") and those created through /api/v1/tokens, each with its {@link Caller.Role}.
 */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
  private final byte[] bootstrapToken;

  public TokenIdentityProvider(QueueManagerConfig config) {
    this.bootstrapToken = config.admin().token().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Class<TokenAuthenticationRequest> getRequestType() {
    return TokenAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
    String token = request.getToken().getToken();
    // Constant-time comparison: the token must not leak through response timing.
    if (MessageDigest.isEqual(bootstrapToken, token.getBytes(StandardCharsets.UTF_8))) {
      return Uni.createFrom().item(identity("bootstrap", Caller.Role.ADMIN));
    }
    return context.runBlocking(() -> {
      ApiToken known = QuarkusTransaction.requiringNew().call(() -> ApiToken.findByToken(token));
      if (known == null) {
        throw new AuthenticationFailedException("unknown bearer token");
      }
      return identity(known.name, known.role);
    });
  }

  private static SecurityIdentity identity(String name, Caller.Role role) {
    return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(name)).addRoles(Roles.of(role))
        .build();
  }
}
