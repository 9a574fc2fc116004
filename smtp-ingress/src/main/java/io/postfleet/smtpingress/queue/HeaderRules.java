package io.postfleet.smtpingress.queue;

/**
 * What the end of DATA enforces and repairs in a message's header section, as Postfix's cleanup
 * does.
 *
 * @param hopcountLimit most Received: and Delivered-To: fields a message may carry, ours included
 *     (hopcount_limit, RFC 5321 §6.3); more is a mail loop, refused with 554 5.4.6
 * @param addMissing whose mail gets Date:, Message-ID: and From: when it lacks them
 */
public record HeaderRules(int hopcountLimit, MissingHeaders.Mode addMissing) {
  /** Postfix's defaults: 50 hops, headers added for trusted and authenticated clients. */
  public static final HeaderRules DEFAULT = new HeaderRules(50, MissingHeaders.Mode.LOCAL);
}
