import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMTP load generator that, unlike Postfix's smtp-source, reports latency. Single-file source,
 * run without a build: {@code java bench/SmtpLoad.java --port 2525 --sessions 10 --messages 5000
 * --size 1024 --to request@mail.example.test}.
 *
 * <p>Each session is a platform thread with its own connection. By default every message gets a
 * connection of its own, as with smtp-source: connect, 220, EHLO, MAIL, RCPT, DATA, content, ".",
 * 250, QUIT. Commands are sent one at a time, each after the previous reply (no PIPELINING).
 *
 * <p>What is measured, per message: <b>latency</b> is from just before {@code connect()} to the
 * complete {@code 250} reply after the final dot (QUIT is not included). With {@code --reuse N} a
 * connection carries N messages and latency runs from sending MAIL FROM to that 250, so the
 * connection set-up is left out. <b>msg/s</b> is the number of messages answered 250 after the dot,
 * divided by the wall time from the first connect until every session has finished (QUITs included).
 * Latencies are kept in one array and sorted, so the percentiles are exact (nearest rank).
 *
 * <p>The run is bounded by {@code --messages} and by {@code --max-seconds}: past that deadline no
 * new message is started. Traffic goes only to a loopback address.
 */
public final class SmtpLoad {

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("SmtpLoad: " + e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }
    // Built once: with --dkim-key the signature is made here, not per message (see DkimSigner).
    MessageContent content = new MessageContent(options);
    int warmedUp = 0;
    if (options.warmup > 0) {
      Report warmup = new LoadRun(options.withMessages(options.warmup), content).run();
      System.out.printf(Locale.ROOT, "warm-up: %d accepted, %d errors (not measured)%n",
          warmup.accepted(), warmup.errors());
      warmedUp = warmup.accepted();
    }
    Report report = new LoadRun(options, content).run();
    report.print(options, warmedUp);
    System.exit(report.errors() == 0 ? 0 : 1);
  }

  /** The command line, checked. */
  record Options(InetAddress host, int port, int sessions, int messages, int size, String from,
      String to, String helo, int reuse, double maxSeconds, int timeoutSeconds, int warmup,
      InetAddress bind, String dkimKey, String dkimSelector) {

    static final String USAGE = """
        usage: java bench/SmtpLoad.java --to ADDRESS [options]
          --host 127.0.0.1      loopback address of the server (nothing else is allowed)
          --port 25             SMTP port
          --sessions 1          concurrent sessions (one thread and connection each)
          --messages 1000       messages to send in all
          --size 1024           bytes of message content (headers and body, before the final dot)
          --from bench@client.test   MAIL FROM address
          --to ADDRESS[,ADDRESS...]  RCPT TO address (required); with several, message n goes
                                to the (n mod count)-th, and the To: field names the first
          --helo bench.client.test   EHLO name
          --reuse 1             messages per connection (1: a connection per message, as smtp-source)
          --max-seconds 300     start no new message after this long
          --timeout-seconds 60  socket connect/read timeout
          --warmup 0            messages sent first with the same sessions, not measured
          --bind ADDRESS        loopback address to connect from, e.g. 127.0.0.2, outside a
                                mynetworks of 127.0.0.1/32 (default: the kernel's choice)
          --dkim-key FILE       RSA private key (PKCS#8 DER): sign every message, d= the From domain
          --dkim-selector bench selector of that key""";

    static Options parse(String[] args) throws IOException {
      Map<String, String> values = new LinkedHashMap<>();
      String[] defaults = {"--host", "127.0.0.1", "--port", "25", "--sessions", "1",
          "--messages", "1000", "--size", "1024", "--from", "bench@client.test",
          "--helo", "bench.client.test", "--reuse", "1", "--max-seconds", "300",
          "--timeout-seconds", "60", "--warmup", "0", "--bind", "", "--dkim-key", "",
          "--dkim-selector", "bench"};
      for (int i = 0; i < defaults.length; i += 2) {
        values.put(defaults[i], defaults[i + 1]);
      }
      for (int i = 0; i < args.length; i += 2) {
        if (!args[i].equals("--to") && !values.containsKey(args[i])) {
          throw new IllegalArgumentException("unknown option " + args[i]);
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        values.put(args[i], args[i + 1]);
      }
      if (!values.containsKey("--to")) {
        throw new IllegalArgumentException("--to is required");
      }
      InetAddress host = InetAddress.getByName(values.get("--host"));
      InetAddress bind = values.get("--bind").isEmpty() ? null : InetAddress.getByName(values.get("--bind"));
      if (!host.isLoopbackAddress() || (bind != null && !bind.isLoopbackAddress())) {
        throw new IllegalArgumentException("--host and --bind must be loopback addresses");
      }
      Options o = new Options(host, number(values, "--port"), number(values, "--sessions"),
          number(values, "--messages"), number(values, "--size"), values.get("--from"),
          values.get("--to"), values.get("--helo"), number(values, "--reuse"),
          Double.parseDouble(values.get("--max-seconds")), number(values, "--timeout-seconds"),
          number(values, "--warmup"), bind,
          values.get("--dkim-key").isEmpty() ? null : values.get("--dkim-key"), values.get("--dkim-selector"));
      if (o.sessions < 1 || o.messages < 1 || o.reuse < 1 || o.size < 1 || o.maxSeconds <= 0
          || o.warmup < 0) {
        throw new IllegalArgumentException("sessions, messages, reuse, size and max-seconds must be positive");
      }
      return o;
    }

    /** The recipient of message n: one of --to's comma-separated addresses, in turn. */
    String recipient(int n) {
      String[] all = to.split(",");
      return all[n % all.length];
    }

    Options withMessages(int count) {
      return new Options(host, port, sessions, count, size, from, to, helo, reuse, maxSeconds,
          timeoutSeconds, 0, bind, dkimKey, dkimSelector);
    }

    private static int number(Map<String, String> values, String key) {
      try {
        return Integer.parseInt(values.get(key));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " wants a whole number, not " + values.get(key));
      }
    }
  }

  /** One run: the sessions share a message counter and one array of latencies. */
  static final class LoadRun {
    private final Options options;
    private final MessageContent content;
    private final AtomicInteger claimed = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    private final Map<String, AtomicInteger> errorKinds = new ConcurrentHashMap<>();
    private final long[] latencies;
    private long deadline;

    LoadRun(Options options, MessageContent content) {
      this.options = options;
      this.content = content;
      this.latencies = new long[options.messages];
    }

    Report run() throws InterruptedException {
      long start = System.nanoTime();
      deadline = start + (long) (options.maxSeconds * 1e9);
      List<Thread> threads = new ArrayList<>();
      for (int s = 0; s < options.sessions; s++) {
        Thread t = new Thread(this::session, "session-" + s);
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) {
        t.join();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long[] done = Arrays.copyOf(latencies, accepted.get());
      Arrays.sort(done);
      return new Report(done, errors.get(), errorKinds, seconds);
    }

    /** Claims messages until none are left or the deadline passed; a failed connection is replaced. */
    private void session() {
      int next = claim();
      while (next >= 0) {
        next = connection(next);
      }
    }

    /**
     * Sends message {@code first} and, with --reuse, more on the same connection; returns the next
     * claimed message number for a new connection, or -1 when there is none.
     */
    private int connection(int first) {
      long connectStart = System.nanoTime();
      try (Socket socket = new Socket()) {
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(options.timeoutSeconds * 1000);
        if (options.bind != null) {
          // Port 0: the kernel picks the source port. Bound before connect, it must be free of
          // TIME_WAIT too, unless SO_REUSEADDR allows those: thousands of short connections leave many.
          socket.setReuseAddress(true);
          socket.bind(new InetSocketAddress(options.bind, 0));
        }
        socket.connect(new InetSocketAddress(options.host, options.port), options.timeoutSeconds * 1000);
        SmtpClient client = new SmtpClient(socket);
        client.expect(null, 220);
        client.expect("EHLO " + options.helo, 250);
        int n = first;
        int sent = 0;
        while (true) {
          long t0 = options.reuse == 1 ? connectStart : System.nanoTime();
          client.expect("MAIL FROM:<" + options.from + ">", 250);
          client.expect("RCPT TO:<" + options.recipient(n) + ">", 250);
          client.expect("DATA", 354);
          client.sendContent(content.forMessage(n));
          client.expect(null, 250);
          latencies[accepted.getAndIncrement()] = System.nanoTime() - t0;
          if (++sent == options.reuse || (n = claim()) < 0) {
            break;
          }
        }
        client.expect("QUIT", 221);
        return n < 0 ? -1 : claim();
      } catch (IOException | SmtpClient.UnexpectedReply e) {
        // The message in flight is lost: count it, then go on with a fresh connection.
        errors.incrementAndGet();
        String kind = e instanceof SmtpClient.UnexpectedReply ? e.getMessage() : e.toString();
        errorKinds.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        return claim();
      }
    }

    /** The next message number, or -1 when the count is reached or time is up. */
    private int claim() {
      if (System.nanoTime() > deadline) {
        return -1;
      }
      int n = claimed.getAndIncrement();
      return n < options.messages ? n : -1;
    }
  }

  /** Blocking SMTP client side of one connection; replies are read whole (multi-line too). */
  static final class SmtpClient {
    private final InputStream in;
    private final OutputStream out;

    SmtpClient(Socket socket) throws IOException {
      this.in = new BufferedInputStream(socket.getInputStream());
      this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
    }

    /** Sends {@code command} (unless null), then reads one reply and checks its code. */
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
        throw new UnexpectedReply((command == null ? "(after content)" : command.split(" ")[0])
            + " -> " + line);
      }
    }

    void sendContent(byte[][] parts) throws IOException {
      for (byte[] part : parts) {
        out.write(part);
      }
      out.flush();
    }

    private String readLine() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream(128);
      int b;
      while ((b = in.read()) != '\n') {
        if (b < 0) {
          throw new IOException("connection closed by server");
        }
        if (b != '\r') {
          line.write(b);
        }
      }
      return line.toString(StandardCharsets.US_ASCII);
    }

    static final class UnexpectedReply extends Exception {
      UnexpectedReply(String message) {
        super(message, null, false, false);
      }
    }
  }

  /**
   * The content of message n: the headers RFC 5322 §3.6 requires (so no server adds any) and a
   * unique Message-ID, then a body shared by all
   * messages, of 76-character lines (no line starts with a dot), padded so that headers and body
   * together are exactly --size bytes; the final ".CRLF" follows.
   */
  static final class MessageContent {
    private static final byte[] END = ".\r\n".getBytes(StandardCharsets.US_ASCII);
    private final Options options;
    private final byte[] body;
    private final byte[] signature;
    private final String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now());

    MessageContent(Options options) {
      this.options = options;
      DkimSigner signer = options.dkimKey == null ? null
          : DkimSigner.load(Path.of(options.dkimKey), options.dkimSelector,
              options.from.substring(options.from.lastIndexOf('@') + 1));
      int headerSize = headers(0).length + (signer == null ? 0 : signer.headerLength());
      int bodySize = Math.max(2, options.size - headerSize);
      StringBuilder b = new StringBuilder(bodySize);
      // Full 76-character lines while at least one more line fits after them, then a last line
      // that makes the size exact (at most 77 characters, far below RFC 5321's 998).
      while (b.length() < bodySize) {
        int room = bodySize - b.length();
        b.append("x".repeat(room >= 80 ? 76 : room - 2)).append("\r\n");
      }
      this.body = b.toString().getBytes(StandardCharsets.US_ASCII);
      this.signature = signer == null ? new byte[0] : signer.sign(signedHeaders(), body);
    }

    byte[][] forMessage(int n) {
      return new byte[][] {signature, headers(n), body, END};
    }

    private byte[] headers(int n) {
      return (signedHeaders() + String.format(Locale.ROOT,
          "Subject: bench message %010d\r\nMessage-ID: <%010d.%d@%s>\r\n\r\n", n, n,
          ProcessHandle.current().pid(), options.helo)).getBytes(StandardCharsets.US_ASCII);
    }

    /** The fields that are the same in every message of the run, the ones a signature covers. */
    private String signedHeaders() {
      return String.format(Locale.ROOT, "Date: %s\r\nFrom: <%s>\r\nTo: <%s>\r\n", date, options.from, options.recipient(0));
    }
  }

  /**
   * An rsa-sha256 DKIM-Signature (RFC 6376 §3.5), relaxed/relaxed, made once per run: it covers the
   * body and Date, From and To (h=, From is required by §5.4), which are the same in every message,
   * and not Subject or Message-ID, which differ. So one signature verifies on every message, and the
   * load generator spends no CPU per message on it while the server verifies each one.
   */
  static final class DkimSigner {
    private static final String SIGNED = "from:to:date";
    private final PrivateKey key;
    private final String selector;
    private final String domain;
    private final long timestamp = System.currentTimeMillis() / 1000;

    private DkimSigner(PrivateKey key, String selector, String domain) {
      this.key = key;
      this.selector = selector;
      this.domain = domain;
    }

    static DkimSigner load(Path pkcs8, String selector, String domain) {
      try {
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(pkcs8)));
        return new DkimSigner(key, selector, domain);
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalArgumentException("cannot read the DKIM key " + pkcs8 + ": " + e, e);
      }
    }

    /** Bytes of the field once signed: body hash and signature have fixed lengths for the key. */
    int headerLength() {
      int signatureBytes = (((RSAKey) key).getModulus().bitLength() + 7) / 8;
      return field("A".repeat(44), "A".repeat((signatureBytes + 2) / 3 * 4)).length() + 2;
    }

    /** The DKIM-Signature field and its CRLF, for messages starting with {@code headers}. */
    byte[] sign(String headers, byte[] body) {
      try {
        String bodyHash = Base64.getEncoder().encodeToString(
            MessageDigest.getInstance("SHA-256").digest(relaxedBody(body)));
        // §3.7: the signed fields in h= order, then this field with an empty b=, without its CRLF.
        StringBuilder hashed = new StringBuilder();
        for (String name : SIGNED.split(":")) {
          hashed.append(relaxedHeader(fieldNamed(headers, name))).append("\r\n");
        }
        hashed.append(relaxedHeader(field(bodyHash, "")));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(hashed.toString().getBytes(StandardCharsets.US_ASCII));
        String signed = field(bodyHash, Base64.getEncoder().encodeToString(rsa.sign())) + "\r\n";
        if (signed.length() != headerLength()) {
          throw new IllegalStateException("DKIM-Signature is " + signed.length() + " bytes, not " + headerLength());
        }
        return signed.getBytes(StandardCharsets.US_ASCII);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    private String field(String bodyHash, String signature) {
      return "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + domain + "; s=" + selector
          + ";\r\n\tt=" + timestamp + "; h=" + SIGNED + "; bh=" + bodyHash + ";\r\n\tb=" + signature;
    }

    private static String fieldNamed(String headers, String name) {
      for (String line : headers.split("\r\n")) {
        if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
          return line;
        }
      }
      throw new IllegalArgumentException("no " + name + " field to sign");
    }

    /** §3.4.2: name in lower case, unfolded, runs of WSP as one SP, none around the colon or at the end. */
    static String relaxedHeader(String field) {
      int colon = field.indexOf(':');
      String name = field.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = field.substring(colon + 1).replace("\r\n", "").replaceAll("[ \t]+", " ").trim();
      return name + ":" + value;
    }

    /** §3.4.4: WSP runs as one SP, none at line ends, no empty lines at the end, a final CRLF. */
    static byte[] relaxedBody(byte[] body) {
      String[] lines = new String(body, StandardCharsets.US_ASCII).split("\r\n", -1);
      StringBuilder out = new StringBuilder(body.length);
      int last = lines.length - 1;
      while (last >= 0 && lines[last].replaceAll("[ \t]+", "").isEmpty()) {
        last--;
      }
      for (int i = 0; i <= last; i++) {
        out.append(lines[i].replaceAll("[ \t]+", " ").stripTrailing()).append("\r\n");
      }
      return out.toString().getBytes(StandardCharsets.US_ASCII);
    }
  }

  /** What a run produced: sorted latencies in nanoseconds, errors, wall time. */
  record Report(long[] sorted, int errors, Map<String, AtomicInteger> errorKinds, double seconds) {

    int accepted() {
      return sorted.length;
    }

    /** Nearest-rank percentile in milliseconds; NaN when nothing was accepted. */
    double percentileMillis(double p) {
      if (sorted.length == 0) {
        return Double.NaN;
      }
      int rank = (int) Math.ceil(p / 100.0 * sorted.length);
      return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    void print(Options o, int warmedUp) {
      double rate = accepted() / seconds;
      System.out.printf(Locale.ROOT, "%d sessions, %d-byte messages, %d per connection, to %s:%d%n",
          o.sessions(), o.size(), o.reuse(), o.host().getHostAddress(), o.port());
      System.out.printf(Locale.ROOT, "accepted %d of %d in %.2f s: %.1f msg/s%n", accepted(), o.messages(), seconds, rate);
      System.out.printf(Locale.ROOT, "latency (%s to 250 after the final dot): p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
          o.reuse() == 1 ? "connect" : "MAIL FROM", percentileMillis(50), percentileMillis(99),
          percentileMillis(100));
      System.out.printf(Locale.ROOT, "errors %d%n", errors);
      errorKinds.forEach((kind, count) -> System.out.printf(Locale.ROOT, "  %6d x %s%n", count.get(), kind));
      // One line for scripts (bench/accept.sh reads it).
      System.out.printf(Locale.ROOT,
          "RESULT accepted=%d errors=%d seconds=%.3f rate=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f"
          + " warmup_accepted=%d%n", accepted(), errors, seconds, rate, percentileMillis(50), percentileMillis(99), percentileMillis(100), warmedUp);
    }
  }
}
