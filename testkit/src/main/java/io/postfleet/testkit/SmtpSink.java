package io.postfleet.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * An SMTP server on loopback that records every transaction it accepts: the independent peer that
 * checks what our SMTP client sends. It shares no code with the smtp-protocol module on purpose, so a
 * bug there cannot hide itself. Replies can be scripted: a refusing greeting, a rejected EHLO, a reply
 * per recipient, a reply after the final dot. It can offer STARTTLS (RFC 3207) and AUTH PLAIN/LOGIN
 * (RFC 4954), announce any other keywords, hold its replies back until DATA as a pipelining server
 * may (RFC 2920), and break STARTTLS on purpose. Announced CHUNKING and BINARYMIME (RFC 3030) make it
 * take BDAT and BODY=BINARYMIME; it can limit the recipients of one transaction as a server that
 * answers {@code 452 4.5.3} does (RFC 5321 §4.5.3.1.10).
 */
public final class SmtpSink implements AutoCloseable {
  static final String DEFAULT_GREETING = "220 sink.test ESMTP SmtpSink";
  static final List<String> DEFAULT_KEYWORDS = List.of("8BITMIME", "PIPELINING", "ENHANCEDSTATUSCODES");

  private final ServerSocket server;
  private final ExecutorService sessions;
  private final List<SinkMessage> messages = new ArrayList<>();
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final Map<String, String> rcptReplies = new ConcurrentHashMap<>();
  private volatile String greeting = DEFAULT_GREETING;
  private volatile String ehloReply;
  private volatile String dataReply;
  private volatile List<String> keywords = DEFAULT_KEYWORDS;
  private volatile SSLContext tls;
  private volatile String starttlsReply;
  private volatile boolean breakTls;
  private volatile String authUser;
  private volatile String authPassword;
  private volatile boolean holdReplies;
  private volatile String mailReply;
  private volatile String authMechanisms = "PLAIN LOGIN";
  private volatile String chunkReply;
  private volatile int recipientsPerTransaction = Integer.MAX_VALUE;
  private final AtomicInteger pipelined = new AtomicInteger();

  private SmtpSink(ServerSocket server) {
    this.server = server;
    this.sessions = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "smtp-sink-" + server.getLocalPort());
      t.setDaemon(true);
      return t;
    });
    sessions.execute(this::accept);
  }

  /** A sink on 127.0.0.1 at a port the OS chose. */
  public static SmtpSink start() throws IOException {
    return start("127.0.0.1", 0);
  }

  /**
   * A sink on a given loopback address and port, e.g. a second "MX host" on {@code 127.0.0.2} at the
   * first one's port, since a relay connects to every MX host on the same port.
   */
  public static SmtpSink start(String address, int port) throws IOException {
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getByName(address), port));
    return new SmtpSink(server);
  }

  /** The greeting, e.g. {@code 421 4.3.2 Service not available}; non-2xx answers 503 until QUIT. */
  public SmtpSink greeting(String reply) {
    this.greeting = reply;
    return this;
  }

  /** Replaces the answer to EHLO, e.g. {@code 502 5.5.2 Command not recognized}; HELO still works. */
  public SmtpSink ehloReply(String reply) {
    this.ehloReply = reply;
    return this;
  }

  /**
   * The extension keywords announced after EHLO instead of the default 8BITMIME, PIPELINING and
   * ENHANCEDSTATUSCODES, e.g. {@code "SIZE 1000", "SMTPUTF8", "DSN"}; STARTTLS and AUTH are added
   * when configured.
   */
  public SmtpSink keywords(String... keywords) {
    this.keywords = List.of(keywords);
    return this;
  }

  /** Offers STARTTLS with this server context until the session is encrypted. */
  public SmtpSink starttls(SSLContext context) {
    this.tls = context;
    return this;
  }

  /** Answers STARTTLS with this reply instead of starting TLS, e.g. {@code 454 4.7.0 TLS not available}. */
  public SmtpSink starttlsReply(String reply) {
    this.starttlsReply = reply;
    return this;
  }

  /** Offers STARTTLS, says {@code 220}, then sends plaintext and hangs up: every handshake fails. */
  public SmtpSink brokenStarttls() {
    this.breakTls = true;
    return this;
  }

  /** Offers AUTH PLAIN and LOGIN and accepts only this user and password. */
  public SmtpSink auth(String user, String password) {
    this.authUser = user;
    this.authPassword = password;
    return this;
  }

  /** The mechanisms announced after AUTH instead of {@code PLAIN LOGIN}, e.g. {@code LOGIN}. */
  public SmtpSink authMechanisms(String mechanisms) {
    this.authMechanisms = mechanisms;
    return this;
  }

  /** The answer to MAIL, e.g. {@code 553 5.1.8 Sender address rejected}; RCPT then needs MAIL. */
  public SmtpSink mailReply(String reply) {
    this.mailReply = reply;
    return this;
  }

  /**
   * Holds the replies to MAIL, RCPT and RSET back until DATA (or another command) arrives, as RFC 2920
   * §3.1 allows: a client that waits for each reply instead of pipelining then waits forever.
   */
  public SmtpSink holdRepliesUntilData() {
    this.holdReplies = true;
    return this;
  }

  /**
   * How many commands arrived while an earlier one's reply was still unsent or unread: above zero
   * only for a pipelining client (RFC 2920), which may do so only if PIPELINING was announced.
   */
  public int pipelinedCommands() {
    return pipelined.get();
  }

  /** The answer to {@code RCPT TO:<address>}, e.g. {@code 550 5.1.1 No such user}. */
  public SmtpSink rcptReply(String address, String reply) {
    rcptReplies.put(address.toLowerCase(Locale.ROOT), reply);
    return this;
  }

  /** The answer to a BDAT chunk other than the last, e.g. {@code 552 5.3.4 Message too big}. */
  public SmtpSink chunkReply(String reply) {
    this.chunkReply = reply;
    return this;
  }

  /**
   * Accepts this many recipients per transaction and answers {@code 452 4.5.3} to any further RCPT
   * (a scripted {@link #rcptReply} still wins).
   */
  public SmtpSink recipientsPerTransaction(int limit) {
    this.recipientsPerTransaction = limit;
    return this;
  }

  /** The answer after the final dot or to {@code BDAT LAST}; a non-2xx one means the message is not recorded. */
  public SmtpSink dataReply(String reply) {
    this.dataReply = reply;
    return this;
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Messages accepted so far, in the order their final dot was answered. */
  public synchronized List<SinkMessage> messages() {
    return List.copyOf(messages);
  }

  /** Waits until at least {@code count} messages were accepted and returns all of them. */
  public synchronized List<SinkMessage> awaitMessages(int count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (messages.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IllegalStateException(
            "expected " + count + " messages within " + timeout + ", got " + messages.size());
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return List.copyOf(messages);
  }

  /** Every command line received, across all sessions, in arrival order, without CRLF. */
  public List<String> commands() {
    return List.copyOf(commands);
  }

  /** How many connections were accepted. */
  public int connections() {
    return connections.get();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // Closing a listening socket has nothing left to report.
    }
    sessions.shutdownNow();
  }

  String greetingReply() {
    return greeting;
  }

  Optional<String> scriptedEhloReply() {
    return Optional.ofNullable(ehloReply);
  }

  List<String> keywordList() {
    return keywords;
  }

  Optional<SSLContext> tlsContext() {
    return Optional.ofNullable(tls);
  }

  Optional<String> scriptedStarttlsReply() {
    return Optional.ofNullable(starttlsReply);
  }

  boolean breaksTls() {
    return breakTls;
  }

  Optional<String> authUser() {
    return Optional.ofNullable(authUser);
  }

  String authMechanismList() {
    return authMechanisms;
  }

  Optional<String> scriptedMailReply() {
    return Optional.ofNullable(mailReply);
  }

  boolean authenticates(String user, String password) {
    return user.equals(authUser) && password.equals(authPassword);
  }

  boolean holdsReplies() {
    return holdReplies;
  }

  void pipelinedCommand() {
    pipelined.incrementAndGet();
  }

  Optional<String> scriptedChunkReply() {
    return Optional.ofNullable(chunkReply);
  }

  int recipientsPerTransaction() {
    return recipientsPerTransaction;
  }

  boolean announces(String keyword) {
    return keywords.stream().anyMatch(k -> k.split(" ")[0].equalsIgnoreCase(keyword));
  }

  Optional<String> scriptedDataReply() {
    return Optional.ofNullable(dataReply);
  }

  Optional<String> scriptedRcptReply(String address) {
    return Optional.ofNullable(rcptReplies.get(address.toLowerCase(Locale.ROOT)));
  }

  void command(String line) {
    commands.add(line);
  }

  synchronized void accepted(SinkMessage message) {
    messages.add(message);
    notifyAll();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        connections.incrementAndGet();
        sessions.execute(new SinkSession(this, socket));
      } catch (IOException e) {
        return;
      }
    }
  }
}
