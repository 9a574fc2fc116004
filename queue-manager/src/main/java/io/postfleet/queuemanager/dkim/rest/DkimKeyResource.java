package io.postfleet.queuemanager.dkim.rest;

import io.agroal.api.AgroalDataSource;
import io.postfleet.maps.dkim.DkimKeyRepository;
import io.postfleet.maps.dkim.DkimPrivateKey;
import io.postfleet.maps.dkim.StoredDkimKey;
import io.postfleet.queuemanager.admin.ApiProblem;
import io.postfleet.queuemanager.admin.Names;
import io.postfleet.queuemanager.admin.Page;
import io.postfleet.queuemanager.admin.Roles;
import io.postfleet.queuemanager.audit.AuditLog;
import io.postfleet.queuemanager.dkim.DkimKeyIssuer;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * DKIM signing keys, one active key per signing domain: POST creates (409 if the domain has one),
 * PUT rotates to a new key and selector. outbound-relay signs with the new key within a second.
 */
@Path("/api/v1/dkim-keys")
public class DkimKeyResource {
  private static final String RESOURCE = "dkim-key";
  /** RFC 6376 §3.1: a selector is one or more DNS labels. */
  private static final Pattern SELECTOR = Pattern
      .compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

  private final DkimKeyRepository keys;
  private final DkimKeyIssuer issuer;
  private final AuditLog audit;

  public DkimKeyResource(AgroalDataSource dataSource, DkimKeyIssuer issuer, AuditLog audit) {
    this.keys = new DkimKeyRepository(dataSource);
    this.issuer = issuer;
    this.audit = audit;
  }

  @RolesAllowed(Roles.READER)
  @GET
  public Page<DkimKeyDto> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size)
      throws SQLException {
    int p = Page.number(page);
    int s = Page.size(size);
    List<StoredDkimKey> all = keys.list();
    List<DkimKeyDto> items = all.stream().skip((long) p * s).limit(s).map(DkimKeyDto::of).toList();
    return new Page<>(items, p, s, all.size());
  }

  @RolesAllowed(Roles.READER)
  @GET
  @Path("{domain}")
  public DkimKeyDto get(@PathParam("domain") String domain) throws SQLException {
    return DkimKeyDto.of(find(Names.domain(domain)));
  }

  @RolesAllowed(Roles.ADMIN)
  @POST
  @Transactional
  public Response create(DkimKeyRequest body, @Context UriInfo uri) throws SQLException {
    if (body == null) {
      throw ApiProblem.invalid("a JSON body is required");
    }
    String domain = Names.domain(body.domain());
    StoredDkimKey stored = keys.save(issue(domain, body), false).orElseThrow(() -> ApiProblem.conflict(
        "domain " + domain + " already has a DKIM key; PUT /api/v1/dkim-keys/" + domain + " rotates it"));
    DkimKeyDto created = DkimKeyDto.of(stored);
    audit.created(RESOURCE, domain, created);
    return Response.created(uri.getAbsolutePathBuilder().path(domain).build()).entity(created).build();
  }

  /** Rotation: the domain's key and selector are replaced at once; publish the new record first. */
  @RolesAllowed(Roles.ADMIN)
  @PUT
  @Path("{domain}")
  @Transactional
  public DkimKeyDto rotate(@PathParam("domain") String domain, DkimKeyRequest body) throws SQLException {
    String name = Names.domain(domain);
    if (body == null) {
      throw ApiProblem.invalid("a JSON body is required");
    }
    if (body.domain() != null && !Names.domain(body.domain()).equals(name)) {
      throw ApiProblem.invalid("the body's domain differs from the path's");
    }
    DkimKeyDto before = DkimKeyDto.of(find(name));
    DkimKeyDto after = DkimKeyDto.of(keys.save(issue(name, body), true).orElseThrow());
    audit.updated(RESOURCE, name, before, after);
    return after;
  }

  @RolesAllowed(Roles.ADMIN)
  @DELETE
  @Path("{domain}")
  @Transactional
  public Response delete(@PathParam("domain") String domain) throws SQLException {
    StoredDkimKey key = find(Names.domain(domain));
    keys.delete(key.domain());
    audit.deleted(RESOURCE, key.domain(), DkimKeyDto.of(key));
    return Response.noContent().build();
  }

  private StoredDkimKey issue(String domain, DkimKeyRequest body) {
    String selector = selector(body.selector());
    boolean generate = Boolean.TRUE.equals(body.generate());
    int sources = (generate ? 1 : 0) + (body.privateKey() != null ? 1 : 0) + (body.keyFile() != null ? 1 : 0);
    if (sources != 1) {
      throw ApiProblem.invalid("give exactly one of generate: true, privateKey (PKCS#8 PEM) or keyFile");
    }
    String algorithm = body.algorithm();
    if (algorithm != null && !algorithm.equals(DkimPrivateKey.RSA_SHA256)
        && !algorithm.equals(DkimPrivateKey.ED25519_SHA256)) {
      throw ApiProblem.invalid("algorithm is rsa-sha256 or ed25519-sha256, not " + algorithm);
    }
    StoredDkimKey key;
    if (generate) {
      key = issuer.generated(domain, selector, algorithm == null ? DkimPrivateKey.RSA_SHA256 : algorithm);
    } else if (body.privateKey() != null) {
      key = issuer.uploaded(domain, selector, body.privateKey());
    } else {
      key = issuer.file(domain, selector, body.keyFile());
    }
    if (algorithm != null && !algorithm.equals(key.algorithm())) {
      throw ApiProblem.invalid("the key is a " + key.algorithm() + " key, not " + algorithm);
    }
    return key;
  }

  private static String selector(String raw) {
    String selector = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
    if (selector.length() > 200 || !SELECTOR.matcher(selector).matches()) {
      throw ApiProblem.invalid("selector must be one or more DNS labels (RFC 6376 §3.1), not '" + raw + "'");
    }
    return selector;
  }

  private StoredDkimKey find(String domain) throws SQLException {
    return keys.find(domain).orElseThrow(() -> ApiProblem.notFound("DKIM key of domain", domain));
  }
}
