package io.postfleet.queuemanager.bounce;

import io.postfleet.contract.EsmtpOptions;
import java.time.Instant;
import java.util.List;

/**
 * A message with recipients that failed, as the bounce daemon needs it: who sent it, what the client
 * asked for (ENVID, RET, NOTIFY, ORCPT), its bytes, and the failures to report together.
 */
public record ReturnedMail(String queueId, String sender, Instant arrival, EsmtpOptions options, byte[] content,
    List<Failure> failures) {}
