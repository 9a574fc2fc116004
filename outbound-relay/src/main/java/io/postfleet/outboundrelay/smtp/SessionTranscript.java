package io.postfleet.outboundrelay.smtp;

import io.postfleet.outboundrelay.route.Target;
import io.postfleet.smtp.client.RemoteReply;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one SMTP session with one target showed, and nothing more: the facts that
 * {@code OutcomeRules} judges. A session ends in one of four ways: the connection failed or broke
 * ({@link #failure()}), a reply ended it ({@link #reply()}: a refusal, or the reply after the final
 * dot), the client declined to go on ({@link #shortfall()}), or every recipient was refused at RCPT
 * (none of them is present).
 *
 * @param target the address talked to
 * @param stage the stage the session ended in
 * @param reply the reply that ended it, if one did
 * @param failure what went wrong with the connection, in Postfix's words, if something did
 * @param shortfall what the server lacked, if the client declined for that
 * @param rcptReplies the reply to each recipient given at RCPT, by address
 * @param tls the TLS protocol and cipher of the session, empty for plaintext
 * @param dsn the server announced DSN (RFC 3461), so NOTIFY and ORCPT went on with the message
 */
public record SessionTranscript(
    Target target,
    Stage stage,
    Optional<RemoteReply> reply,
    Optional<String> failure,
    Optional<Shortfall> shortfall,
    Map<String, RemoteReply> rcptReplies,
    String tls,
    boolean dsn) {

  public SessionTranscript {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(tls, "tls");
    rcptReplies = Map.copyOf(rcptReplies);
    int endings = (reply.isPresent() ? 1 : 0) + (failure.isPresent() ? 1 : 0) + (shortfall.isPresent() ? 1 : 0);
    if (endings > 1) {
      throw new IllegalArgumentException("a session ends by a reply, a failure or a shortfall, not more");
    }
  }

  public static SessionTranscript failed(
      Target target, Stage stage, String failure, Map<String, RemoteReply> rcptReplies) {
    return new SessionTranscript(target, stage, Optional.empty(), Optional.of(failure), Optional.empty(),
        rcptReplies, "", false);
  }

  public static SessionTranscript ended(
      Target target, Stage stage, RemoteReply reply, Map<String, RemoteReply> rcptReplies) {
    return new SessionTranscript(target, stage, Optional.of(reply), Optional.empty(), Optional.empty(),
        rcptReplies, "", false);
  }

  public static SessionTranscript declined(Target target, Stage stage, Shortfall shortfall) {
    return new SessionTranscript(target, stage, Optional.empty(), Optional.empty(), Optional.of(shortfall),
        Map.of(), "", false);
  }

  public static SessionTranscript allRecipientsRefused(
      Target target, Map<String, RemoteReply> rcptReplies) {
    return new SessionTranscript(target, Stage.RCPT, Optional.empty(), Optional.empty(), Optional.empty(),
        rcptReplies, "", false);
  }

  /** The same session, known to have run over TLS. */
  public SessionTranscript withTls(String tls) {
    return new SessionTranscript(target, stage, reply, failure, shortfall, rcptReplies, tls, dsn);
  }

  /** The same session, with whether the server announced DSN. */
  public SessionTranscript withDsn(boolean dsn) {
    return new SessionTranscript(target, stage, reply, failure, shortfall, rcptReplies, tls, dsn);
  }
}
