package io.postfleet.outboundrelay.smtp;

import io.postfleet.outboundrelay.route.Target;
import io.postfleet.smtp.client.RemoteReply;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one SMTP session with one target showed, and nothing more: the facts that
 * {@code OutcomeRules} judges. A session ends in one of three ways: the connection failed or broke
 * ({@link #failure()}), a reply ended it ({@link #reply()}: a refusal, or the reply after the final
 * dot), or every recipient was refused at RCPT (neither is present).
 *
 * @param target the address talked to
 * @param stage the stage the session ended in
 * @param reply the reply that ended it, if one did
 * @param failure what went wrong with the connection, in Postfix's words, if something did
 * @param rcptReplies the reply to each recipient given at RCPT, by address
 */
public record SessionTranscript(
    Target target,
    Stage stage,
    Optional<RemoteReply> reply,
    Optional<String> failure,
    Map<String, RemoteReply> rcptReplies) {

  public SessionTranscript {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(reply, "reply");
    Objects.requireNonNull(failure, "failure");
    rcptReplies = Map.copyOf(rcptReplies);
    if (reply.isPresent() && failure.isPresent()) {
      throw new IllegalArgumentException("a session ends by a reply or by a failure, not both");
    }
  }

  public static SessionTranscript failed(
      Target target, Stage stage, String failure, Map<String, RemoteReply> rcptReplies) {
    return new SessionTranscript(target, stage, Optional.empty(), Optional.of(failure), rcptReplies);
  }

  public static SessionTranscript ended(
      Target target, Stage stage, RemoteReply reply, Map<String, RemoteReply> rcptReplies) {
    return new SessionTranscript(target, stage, Optional.of(reply), Optional.empty(), rcptReplies);
  }

  public static SessionTranscript allRecipientsRefused(
      Target target, Map<String, RemoteReply> rcptReplies) {
    return new SessionTranscript(target, Stage.RCPT, Optional.empty(), Optional.empty(), rcptReplies);
  }
}
