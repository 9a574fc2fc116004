import io.postfleet.testkit.TestDnsServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/**
 * The DNS of the bench's outside sender, for {@code CHECKS=on bench/accept.sh}: the testkit's
 * {@link TestDnsServer} on loopback, answering with the records smtp-ingress's sender checks look
 * up, all of them passing. Run from the repository root with the testkit jar and dnsjava:
 * {@code java -cp TESTKIT_JAR:DNSJAVA_JAR:SLF4J_JAR bench/BenchDns.java --key-out bench/work/dkim.key}.
 *
 * <p>What it publishes for sender domain D (default {@code client.test}), HELO name H (default
 * {@code bench.client.test}) and client address C (default {@code 127.0.0.2}):
 * <ul>
 *   <li>FCrDNS (RFC 8601 §3): PTR of C to H, A of H to C;
 *   <li>SPF (RFC 7208) for MAIL FROM and HELO: {@code v=spf1 ip4:127.0.0.0/8 -all} at D and at H;
 *   <li>DMARC (RFC 7489 §6.1): {@code v=DMARC1; p=reject} at {@code _dmarc.D}, so a message that
 *       does not pass is refused and the bench counts it as an error;
 *   <li>DKIM (RFC 6376 §3.6.1): a fresh RSA-2048 key at {@code SELECTOR._domainkey.D}, its private
 *       half written (PKCS#8 DER) to {@code --key-out} for SmtpLoad's {@code --dkim-key}. A key is
 *       made per run, so none is kept in git.
 * </ul>
 * It prints {@code BENCH_DNS 127.0.0.1:PORT} once it answers, then runs until killed; on SIGTERM it
 * prints how often each question was asked, to show which lookups smtp-ingress's cache let through.
 */
public final class BenchDns {

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new TreeMap<>(Map.of("--domain", "client.test",
        "--helo", "bench.client.test", "--client", "127.0.0.2", "--selector", "bench",
        "--ttl-seconds", "60"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!options.containsKey(args[i]) && !args[i].equals("--key-out")) {
        throw new IllegalArgumentException("unknown option " + args[i]);
      }
      options.put(args[i], args[i + 1]);
    }
    if (!options.containsKey("--key-out")) {
      throw new IllegalArgumentException("--key-out FILE is required");
    }
    String domain = options.get("--domain");
    String helo = options.get("--helo");
    String client = options.get("--client");
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair key = generator.generateKeyPair();
    writeKey(Path.of(options.get("--key-out")), key.getPrivate().getEncoded());

    TestDnsServer dns = TestDnsServer.start()
        .ttl(Duration.ofSeconds(Long.parseLong(options.get("--ttl-seconds"))));
    String spf = "v=spf1 ip4:127.0.0.0/8 -all";
    dns.ptr(client, helo).a(helo, client)
        .txt(domain, List.of(spf))
        .txt(helo, List.of(spf))
        .txt("_dmarc." + domain, List.of("v=DMARC1; p=reject"))
        .txt(options.get("--selector") + "._domainkey." + domain,
            keyRecord(Base64.getEncoder().encodeToString(key.getPublic().getEncoded())));

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      printQueries(dns.queries());
      dns.close();
      stopped.countDown();
    }, "bench-dns-stop"));
    System.out.println("BENCH_DNS " + dns.address());
    System.out.flush();
    stopped.await();
  }

  /** {@code v=DKIM1; k=rsa; p=...} as TXT strings of at most 255 octets (RFC 6376 §3.6.2.2). */
  private static List<String> keyRecord(String publicKey) {
    String record = "v=DKIM1; k=rsa; p=" + publicKey;
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < record.length(); i += 255) {
      strings.add(record.substring(i, Math.min(record.length(), i + 255)));
    }
    return strings;
  }

  private static void writeKey(Path file, byte[] pkcs8) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Files.write(file, pkcs8);
  }

  private static void printQueries(List<String> queries) {
    Map<String, Integer> counts = new TreeMap<>();
    queries.forEach(q -> counts.merge(q, 1, Integer::sum));
    System.out.println("queries received: " + queries.size());
    counts.forEach((question, count) -> System.out.printf("%8d  %s%n", count, question));
    System.out.flush();
  }
}
