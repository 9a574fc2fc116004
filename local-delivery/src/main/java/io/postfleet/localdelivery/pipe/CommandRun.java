package io.postfleet.localdelivery.pipe;

/**
 * How one run of a pipe command ended.
 *
 * @param ending whether it exited, died by a signal, ran out of time or never started
 * @param status the exit status when it exited, the signal number when it died by one
 * @param output the start of what it wrote on stdout and stderr, made printable as Postfix's
 *     pipe(8) makes it for a bounce: tabs and newlines become spaces, other control characters
 *     underscores; or why it could not be started
 */
record CommandRun(Ending ending, int status, String output) {
  enum Ending {
    EXITED,
    SIGNALLED,
    TIMED_OUT,
    NOT_STARTED
  }
}
