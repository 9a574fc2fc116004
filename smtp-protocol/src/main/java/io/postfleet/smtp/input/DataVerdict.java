package io.postfleet.smtp.input;

/** What the DATA reader found wrong with a message, if anything; the first fault found wins. */
public enum DataVerdict {
  /** Well-formed and within the size limit. */
  OK,
  /** A LF not preceded by CR: a smuggling attempt or a broken client; the message is refused. */
  BARE_LF,
  /** A CR not followed by LF: the same danger the other way round; the message is refused. */
  BARE_CR,
  /** Larger than the limit; the content was read to its end and discarded. */
  TOO_BIG
}
