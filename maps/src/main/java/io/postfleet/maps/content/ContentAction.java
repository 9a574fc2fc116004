package io.postfleet.maps.content;

import java.util.Locale;

/** The header_checks(5) actions Postfleet applies; the others (FILTER, REDIRECT, BCC, ...) are refused. */
public enum ContentAction {
  /** Refuse the whole message at the end of DATA with 550 5.7.1 and the text. */
  REJECT,
  /** Log the line and go on. */
  WARN,
  /** Accept the message but hold it in the queue (quarantine). */
  HOLD,
  /** Answer 250 but deliver to no one. */
  DISCARD,
  /** Delete this header field or body line. */
  IGNORE,
  /** Insert the text as a line before this one. */
  PREPEND,
  /** Put the text in this line's place. */
  REPLACE,
  /** Delete this line and log it with the text (Postfix 3.9's STRIP). */
  STRIP,
  /** No action; the next line is inspected. */
  DUNNO,
  /** The same as DUNNO in header_checks. */
  OK;

  /** PREPEND and REPLACE are meaningless without the line they put in. */
  public boolean needsText() {
    return this == PREPEND || this == REPLACE;
  }

  /** Case-insensitive, as Postfix reads actions. */
  public static ContentAction parse(String word) {
    try {
      return valueOf(word.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unsupported action '" + word + "' (REJECT, WARN, HOLD, DISCARD, IGNORE,"
          + " PREPEND, REPLACE, STRIP, DUNNO, OK)");
    }
  }
}
