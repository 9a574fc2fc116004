package io.postfleet.localdelivery.mailbox;

/**
 * A job no Maildir can ever hold: its mailbox is no address, its folder no Maildir++ name, its queue
 * id no file name. The one permanent cause of a local delivery, bounced with 5.3.5; anything else
 * that goes wrong (a bug, a full disk) defers, as Postfix's local(8) defers what it does not expect.
 */
public class UndeliverableMailboxException extends RuntimeException {
  public UndeliverableMailboxException(String message) {
    super(message);
  }
}
