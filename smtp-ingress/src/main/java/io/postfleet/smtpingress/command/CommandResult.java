package io.postfleet.smtpingress.command;

import io.postfleet.smtp.SmtpReply;
import java.util.Objects;

/**
 * A handler's reply and what the session does next.
 *
 * @param reply the reply: sent at once, or for the chunk reads after the chunk is in (for
 *     {@link Next#READ_LAST_CHUNK} the acceptor's verdict replaces it, as it does after DATA)
 * @param next what follows
 * @param chunkSize the octets of the BDAT chunk to read, for the chunk reads; 0 otherwise
 */
public record CommandResult(SmtpReply reply, Next next, long chunkSize) {

  public enum Next {
    /** Read the next command. */
    CONTINUE,
    /** Read message content up to CRLF.CRLF (after 354). */
    READ_DATA,
    /** Read a BDAT chunk into the transaction, then reply (RFC 3030 §2). */
    READ_CHUNK,
    /** Read the last BDAT chunk into the transaction, then end it as the end of DATA does. */
    READ_LAST_CHUNK,
    /** Read a BDAT chunk and throw it away, then reply with the refusal: the chunk was refused. */
    SKIP_CHUNK,
    /** Drop pipelined input and start the TLS handshake (after 220 to STARTTLS, RFC 3207). */
    START_TLS,
    /** Close the connection (after QUIT, or when the client can no longer be followed). */
    CLOSE
  }

  public CommandResult {
    Objects.requireNonNull(reply, "reply");
    Objects.requireNonNull(next, "next");
    if (chunkSize < 0) {
      throw new IllegalArgumentException("negative chunk size");
    }
  }

  public static CommandResult reply(SmtpReply reply) {
    return new CommandResult(reply, Next.CONTINUE, 0);
  }

  public static CommandResult thenData(SmtpReply reply) {
    return new CommandResult(reply, Next.READ_DATA, 0);
  }

  public static CommandResult thenStartTls(SmtpReply reply) {
    return new CommandResult(reply, Next.START_TLS, 0);
  }

  public static CommandResult thenClose(SmtpReply reply) {
    return new CommandResult(reply, Next.CLOSE, 0);
  }

  public static CommandResult chunk(long size) {
    return new CommandResult(SmtpReply.chunkReceived(size), Next.READ_CHUNK, size);
  }

  public static CommandResult lastChunk(long size) {
    return new CommandResult(SmtpReply.chunkReceived(size), Next.READ_LAST_CHUNK, size);
  }

  public static CommandResult skipChunk(long size, SmtpReply refusal) {
    return new CommandResult(refusal, Next.SKIP_CHUNK, size);
  }
}
