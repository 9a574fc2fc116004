package io.postfleet.queuemanager.policy;

import io.postfleet.maps.policy.DomainPolicy;
import io.postfleet.maps.policy.MailPolicy;
import io.postfleet.queuemanager.admin.ApiProblem;
import io.postfleet.queuemanager.admin.Names;
import io.postfleet.queuemanager.audit.AuditLog;
import io.postfleet.queuemanager.policy.rest.PolicyDto;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.SQLException;

/**
 * The sender-check policy as the admin API changes it: validated, written and audited in one
 * transaction. Writes take a transaction-scoped advisory lock, so two concurrent PUTs apply one
 * after the other and the audit's "before" is what the second one replaced.
 */
@ApplicationScoped
public class PolicyService {
  private static final String RESOURCE = "policy";
  private final PolicyTables tables;
  private final AuditLog audit;

  public PolicyService(PolicyTables tables, AuditLog audit) {
    this.tables = tables;
    this.audit = audit;
  }

  @Transactional
  public PolicyDto get() throws SQLException {
    return PolicyDocument.of(tables.read());
  }

  @Transactional
  public PolicyDto replace(PolicyDto body) throws SQLException {
    MailPolicy policy = PolicyParser.policy(body);
    tables.lock();
    PolicyDto before = PolicyDocument.of(tables.read());
    tables.replace(policy);
    PolicyDto after = PolicyDocument.of(tables.read());
    audit.updated(RESOURCE, "main", before, after);
    return after;
  }

  @Transactional
  public PolicyDto.Domain domain(String name) throws SQLException {
    String domain = Names.domain(name);
    DomainPolicy found = tables.read().domains().get(domain);
    if (found == null) {
      throw ApiProblem.notFound("policy of domain", domain);
    }
    return PolicyDocument.of(found);
  }

  @Transactional
  public PolicyDto.Domain putDomain(String name, PolicyDto.Domain body) throws SQLException {
    DomainPolicy domain = PolicyParser.domain(name, body);
    tables.lock();
    DomainPolicy before = tables.read().domains().get(domain.domain());
    tables.putDomain(domain);
    PolicyDto.Domain after = PolicyDocument.of(domain);
    if (before == null) {
      audit.created(RESOURCE, domain.domain(), after);
    } else {
      audit.updated(RESOURCE, domain.domain(), PolicyDocument.of(before), after);
    }
    return after;
  }

  @Transactional
  public void deleteDomain(String name) throws SQLException {
    String domain = Names.domain(name);
    tables.lock();
    DomainPolicy before = tables.read().domains().get(domain);
    if (before == null || !tables.deleteDomain(domain)) {
      throw ApiProblem.notFound("policy of domain", domain);
    }
    audit.deleted(RESOURCE, domain, PolicyDocument.of(before));
  }
}
