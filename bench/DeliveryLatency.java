import java.io.BufferedReader;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * From {@code 250} to the file in {@code Maildir/new}: how long a message the server has accepted
 * takes to be delivered. Single-file source, run without a build:
 * {@code java bench/DeliveryLatency.java --port 2525 --to request@mail.example.test --maildir
 * var/mail/mail.example.test/request/Maildir/new --rate 150 --messages 6000}.
 *
 * <p>With {@code --rate N} it sends open-loop: message i is due at {@code start + i / N} seconds,
 * whatever the server does, so a slow server does not slow the load down (a closed loop would wait
 * for it and hide the queueing). {@code --sessions} connections carry the messages (MAIL, RCPT,
 * DATA, content, one after the other on each connection); a message whose session is still busy at
 * its due time starts late, and how late is printed ({@code send lag}), so a rate the client could
 * not keep is seen. With {@code --rate 0} the sessions send as fast as the server answers (closed
 * loop), and the delivered rate is the peak: messages / time from the first connect until the last
 * file appeared.
 *
 * <p>Each message has a unique {@code Message-ID}; the time of its {@code 250} after the final dot
 * is kept by that id. A WatchService (inotify on Linux) on {@code Maildir/new} notes when each new
 * file name appears; after the run each file's header is read for its Message-ID. Latency =
 * file seen − 250, per message; percentiles are exact (nearest rank). A file seen a little before
 * the sending thread noted its 250 (the two threads race) counts as 0.
 */
public final class DeliveryLatency {

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("DeliveryLatency: " + e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }
    new DeliveryLatency(o).run();
  }

  record Options(InetAddress host, int port, String to, String from, Path maildir, double rate,
      int messages, int sessions, int size, double waitSeconds) {
    static final String USAGE = """
        usage: java bench/DeliveryLatency.java --to ADDRESS --maildir DIR [options]
          --host 127.0.0.1   loopback address of the server (nothing else is allowed)
          --port 25          SMTP port
          --to ADDRESS       RCPT TO address (required), whose Maildir/new is --maildir
          --maildir DIR      the recipient's Maildir/new directory (required)
          --from bench@client.test
          --rate 0           messages per second, open loop; 0: as fast as the server answers (the peak)
          --messages 3000    messages in all
          --sessions 20      connections carrying them
          --size 1024        bytes of content before the final dot
          --wait-seconds 120 longest wait for the last file after the last 250""";

    static Options parse(String[] args) throws IOException {
      Map<String, String> v = new LinkedHashMap<>();
      String[] defaults = {"--host", "127.0.0.1", "--port", "25", "--from", "bench@client.test",
          "--rate", "0", "--messages", "3000", "--sessions", "20", "--size", "1024",
          "--wait-seconds", "120"};
      for (int i = 0; i < defaults.length; i += 2) {
        v.put(defaults[i], defaults[i + 1]);
      }
      for (int i = 0; i < args.length; i += 2) {
        boolean required = args[i].equals("--to") || args[i].equals("--maildir");
        if (!required && !v.containsKey(args[i])) {
          throw new IllegalArgumentException("unknown option " + args[i]);
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        v.put(args[i], args[i + 1]);
      }
      if (!v.containsKey("--to") || !v.containsKey("--maildir")) {
        throw new IllegalArgumentException("--to and --maildir are required");
      }
      InetAddress host = InetAddress.getByName(v.get("--host"));
      if (!host.isLoopbackAddress()) {
        throw new IllegalArgumentException("--host must be a loopback address");
      }
      Options o = new Options(host, Integer.parseInt(v.get("--port")), v.get("--to"), v.get("--from"),
          Path.of(v.get("--maildir")), Double.parseDouble(v.get("--rate")),
          Integer.parseInt(v.get("--messages")), Integer.parseInt(v.get("--sessions")),
          Integer.parseInt(v.get("--size")), Double.parseDouble(v.get("--wait-seconds")));
      if (o.rate < 0 || o.messages < 1 || o.sessions < 1 || o.size < 200) {
        throw new IllegalArgumentException("rate >= 0, messages and sessions > 0, size >= 200");
      }
      return o;
    }
  }

  private final Options o;
  private final String runId = Long.toString(ProcessHandle.current().pid()) + "." + System.currentTimeMillis();
  private final String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now());
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger errors = new AtomicInteger();
  private final Map<String, AtomicInteger> errorKinds = new ConcurrentHashMap<>();
  /** Message-ID → nanoTime of its 250. */
  private final Map<String, Long> acked = new ConcurrentHashMap<>();
  /** File name in new/ → nanoTime it was seen. */
  private final Map<String, Long> seen = new ConcurrentHashMap<>();
  private final long[] sendLag;
  private volatile int overflows;
  private long start;

  private DeliveryLatency(Options o) {
    this.o = o;
    this.sendLag = new long[o.messages];
  }

  private void run() throws Exception {
    // A whole empty Maildir, as maildirmake makes it, so that new/ can be watched before the first
    // delivery: local-delivery takes a Maildir whose new/ exists for complete, and would fail on a
    // missing tmp/.
    Path maildir = o.maildir.toAbsolutePath().getParent();
    for (String sub : new String[] {"tmp", "cur", "new"}) {
      Files.createDirectories(maildir.resolve(sub));
    }
    WatchService watch = o.maildir.getFileSystem().newWatchService();
    o.maildir.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
    Thread watcher = new Thread(() -> watch(watch), "maildir-watch");
    watcher.setDaemon(true);
    watcher.start();

    start = System.nanoTime();
    List<Thread> sessions = new ArrayList<>();
    for (int s = 0; s < o.sessions; s++) {
      Thread t = new Thread(this::session, "session-" + s);
      sessions.add(t);
      t.start();
    }
    for (Thread t : sessions) {
      t.join();
    }
    long sent = System.nanoTime();
    long deadline = sent + (long) (o.waitSeconds * 1e9);
    // The files are matched to ids only at the end; until then, wait for as many new files as 250s.
    while (seen.size() < acked.size() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(200);
    watch.close();
    report(sent);
  }

  /** Claims message numbers until none are left; each waits for its due time in open loop. */
  private void session() {
    int n = claim();
    while (n >= 0) {
      try (Socket socket = new Socket()) {
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        socket.connect(new InetSocketAddress(o.host, o.port), 60_000);
        Client c = new Client(socket);
        c.expect(null, 220);
        c.expect("EHLO bench.client.test", 250);
        while (n >= 0) {
          send(c, n);
          n = claim();
        }
        c.expect("QUIT", 221);
      } catch (IOException | Client.UnexpectedReply e) {
        errors.incrementAndGet();
        errorKinds.computeIfAbsent(e.getMessage(), k -> new AtomicInteger()).incrementAndGet();
        n = claim();
      }
    }
  }

  private void send(Client c, int n) throws IOException, Client.UnexpectedReply {
    if (o.rate > 0) {
      long due = start + (long) (n * 1e9 / o.rate);
      long now;
      while ((now = System.nanoTime()) < due) {
        LockSupport.parkNanos(due - now);
      }
      sendLag[n] = now - due;
    }
    c.expect("MAIL FROM:<" + o.from + ">", 250);
    c.expect("RCPT TO:<" + o.to + ">", 250);
    c.expect("DATA", 354);
    String id = messageId(n);
    c.sendContent(content(n, id));
    c.expect(null, 250);
    acked.put(id, System.nanoTime());
  }

  private int claim() {
    int n = next.getAndIncrement();
    return n < o.messages ? n : -1;
  }

  private String messageId(int n) {
    return String.format(Locale.ROOT, "<%08d.%s@bench.client.test>", n, runId);
  }

  private byte[] content(int n, String id) {
    String headers = String.format(Locale.ROOT,
        "Date: %s\r\nFrom: <%s>\r\nTo: <%s>\r\nSubject: latency %08d\r\nMessage-ID: %s\r\n\r\n",
        date, o.from, o.to, n, id);
    StringBuilder b = new StringBuilder(headers);
    while (b.length() < o.size) {
      int room = o.size - b.length();
      b.append("x".repeat(room >= 80 ? 76 : Math.max(1, room - 2))).append("\r\n");
    }
    b.append(".\r\n");
    return b.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** Notes when each new name appears; an overflow (events lost) is made up by a listing. */
  private void watch(WatchService watch) {
    try {
      while (true) {
        WatchKey key = watch.take();
        long now = System.nanoTime();
        for (WatchEvent<?> event : key.pollEvents()) {
          if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
            overflows++;
            try (Stream<Path> files = Files.list(o.maildir)) {
              files.forEach(f -> seen.putIfAbsent(f.getFileName().toString(), now));
            }
          } else {
            seen.putIfAbsent(event.context().toString(), now);
          }
        }
        key.reset();
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // The run is over.
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String messageIdOf(Path file) {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      String line;
      while ((line = r.readLine()) != null && !line.isEmpty()) {
        if (line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
          return line.substring(11).trim();
        }
      }
    } catch (IOException e) {
      // Moved away meanwhile (a mail client reading the Maildir): not one of ours to count.
    }
    return null;
  }

  private void report(long sent) {
    Map<String, Long> fileTime = new HashMap<>();
    int duplicates = 0;
    for (Map.Entry<String, Long> e : seen.entrySet()) {
      String id = messageIdOf(o.maildir.resolve(e.getKey()));
      if (id != null && acked.containsKey(id)) {
        Long before = fileTime.put(id, e.getValue());
        if (before != null) {
          duplicates++;
          fileTime.put(id, Math.min(before, e.getValue()));
        }
      }
    }
    long[] latency = new long[fileTime.size()];
    int i = 0;
    long lastFile = start;
    int early = 0;
    for (Map.Entry<String, Long> e : fileTime.entrySet()) {
      long l = e.getValue() - acked.get(e.getKey());
      if (l < 0) {
        early++;
      }
      latency[i++] = Math.max(0, l);
      lastFile = Math.max(lastFile, e.getValue());
    }
    Arrays.sort(latency);
    long[] lag = Arrays.copyOf(sendLag, o.messages);
    Arrays.sort(lag);
    int missing = acked.size() - fileTime.size();
    double sendSeconds = (sent - start) / 1e9;
    double deliverSeconds = (lastFile - start) / 1e9;
    System.out.printf(Locale.ROOT, "%s: %d messages of %d bytes over %d sessions to %s:%d, %s%n",
        o.rate > 0 ? "open loop" : "closed loop", o.messages, o.size, o.sessions,
        o.host.getHostAddress(), o.port, o.rate > 0 ? "due at " + o.rate + " msg/s" : "as fast as answered");
    System.out.printf(Locale.ROOT, "accepted %d (%.1f msg/s over %.2f s), errors %d; delivered %d (%.1f msg/s"
        + " until the last file), missing %d, duplicates %d, watch overflows %d%n", acked.size(),
        acked.size() / sendSeconds, sendSeconds, errors.get(), fileTime.size(),
        fileTime.size() / deliverSeconds, missing, duplicates, overflows);
    errorKinds.forEach((k, c) -> System.out.printf(Locale.ROOT, "  %6d x %s%n", c.get(), k));
    System.out.printf(Locale.ROOT, "250 to file in new/: p50 %.2f ms, p99 %.2f ms, max %.2f ms"
        + " (%d files seen before their 250 was noted, counted as 0)%n",
        ms(latency, 50), ms(latency, 99), ms(latency, 100), early);
    if (o.rate > 0) {
      System.out.printf(Locale.ROOT, "send lag (start after due time): p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
          ms(lag, 50), ms(lag, 99), ms(lag, 100));
    }
    System.out.printf(Locale.ROOT, "RESULT accepted=%d errors=%d delivered=%d missing=%d duplicates=%d"
        + " accept_rate=%.1f deliver_rate=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f lag_p99_ms=%.2f early=%d%n",
        acked.size(), errors.get(), fileTime.size(), missing, duplicates, acked.size() / sendSeconds,
        fileTime.size() / deliverSeconds, ms(latency, 50), ms(latency, 99), ms(latency, 100),
        o.rate > 0 ? ms(lag, 99) : 0.0, early);
  }

  private static double ms(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }

  /** Blocking SMTP client side of one connection; replies read whole (multi-line too). */
  static final class Client {
    private final InputStream in;
    private final OutputStream out;

    Client(Socket socket) throws IOException {
      in = new BufferedInputStream(socket.getInputStream());
      out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
    }

    void expect(String command, int code) throws IOException, UnexpectedReply {
      if (command != null) {
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
      String line;
      do {
        line = readLine();
      } while (line.length() > 3 && line.charAt(3) == '-');
      if (!line.startsWith(Integer.toString(code))) {
        throw new UnexpectedReply((command == null ? "(after content)" : command.split(" ")[0]) + " -> " + line);
      }
    }

    void sendContent(byte[] content) throws IOException {
      out.write(content);
      out.flush();
    }

    private String readLine() throws IOException {
      StringBuilder line = new StringBuilder(128);
      int b;
      while ((b = in.read()) != '\n') {
        if (b < 0) {
          throw new IOException("connection closed by server");
        }
        if (b != '\r') {
          line.append((char) b);
        }
      }
      return line.toString();
    }

    static final class UnexpectedReply extends Exception {
      UnexpectedReply(String message) {
        super(message, null, false, false);
      }
    }
  }
}
