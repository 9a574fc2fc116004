package io.postfleet.outboundrelay.smtp;

import io.postfleet.smtp.client.RemoteReply;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Sends the content of a BODY=BINARYMIME message as BDAT chunks (RFC 3030 §2): each chunk's size is
 * given in its command, so the octets go as they are, with no dot-stuffing and no line-end rules,
 * and the last chunk says {@code LAST}. Each chunk waits for its reply before the next goes out; §4.2
 * would allow pipelining them, which saves a round trip per MiB at most.
 */
final class BdatTransfer {
  /**
   * Chunks of 1 MiB: small enough that a server holds little in flight for us and a refusal of an
   * early chunk stops the transfer soon, large enough that the reply per chunk costs little.
   */
  static final int CHUNK_SIZE = 1 << 20;

  private BdatTransfer() {}

  /**
   * @return the reply to the last chunk, or the first refusal of an earlier chunk: after a 4xx or
   *     5xx to a chunk the client must send no further chunk (§2)
   */
  static RemoteReply send(SmtpConnection connection, byte[] content, SmtpTimeouts timeouts) throws IOException {
    int offset = 0;
    while (true) {
      int length = Math.min(CHUNK_SIZE, content.length - offset);
      boolean last = offset + length == content.length;
      byte[] command = ("BDAT " + length + (last ? " LAST" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII);
      // Command and octets in one write: a short chunk written after its command would wait for
      // the ACK of the command (Nagle's algorithm), which a server delays by up to 40 ms.
      byte[] chunk = Arrays.copyOf(command, command.length + length);
      System.arraycopy(content, offset, chunk, command.length, length);
      OutputStream out = connection.content(timeouts.dataXfer());
      out.write(chunk);
      out.flush();
      offset += length;
      RemoteReply reply = connection.read(last ? timeouts.dataDone() : timeouts.dataXfer());
      if (last || !reply.isPositive()) {
        return reply;
      }
    }
  }
}
