package io.postfleet.outboundrelay.smtp;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A socket's output with a time limit on every write. A blocking socket write has no timeout of its
 * own: a server that stops reading would hold the delivery thread forever once the send buffer is
 * full. An alarm closes the socket instead, and the failing write reports {@link #timedOut()}.
 */
final class WriteTimeoutOutputStream extends FilterOutputStream {
  private final Socket socket;
  private final ScheduledExecutorService alarms;
  private volatile boolean timedOut;
  private Duration timeout = Duration.ofMinutes(5);

  WriteTimeoutOutputStream(Socket socket, ScheduledExecutorService alarms) throws IOException {
    super(socket.getOutputStream());
    this.socket = socket;
    this.alarms = alarms;
  }

  /** The limit for the writes that follow, set per stage. */
  void limit(Duration timeout) {
    this.timeout = timeout;
  }

  boolean timedOut() {
    return timedOut;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ScheduledFuture<?> alarm = alarms.schedule(this::expire, timeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      out.write(b, off, len);
    } finally {
      alarm.cancel(false);
    }
  }

  private void expire() {
    timedOut = true;
    try {
      socket.close();
    } catch (IOException ignored) {
      // The write that was stuck fails now, which is all the alarm is for.
    }
  }
}
