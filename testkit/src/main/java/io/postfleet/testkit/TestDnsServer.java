package io.postfleet.testkit;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A DNS server on 127.0.0.1, UDP and TCP on one port the OS chose, answering from records the test
 * writes: {@code dns.mx("outside.test", 10, "mx.outside.test").a("mx.outside.test", "127.0.0.1")}.
 * Names are absolute; nothing is ever forwarded to real DNS.
 */
public final class TestDnsServer implements AutoCloseable {
  /** Plain DNS over UDP without EDNS is limited to 512 octets (RFC 1035 §4.2.1). */
  private static final int CLASSIC_UDP_SIZE = 512;

  private final TestZone zone = new TestZone();
  private final List<String> queries = new CopyOnWriteArrayList<>();
  private final ExecutorService workers;
  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private volatile boolean closed;
  private volatile long ttl = 60;

  private TestDnsServer(DatagramSocket udp, ServerSocket tcp) {
    this.udp = udp;
    this.tcp = tcp;
    this.workers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "test-dns-" + udp.getLocalPort());
      t.setDaemon(true);
      return t;
    });
    workers.execute(this::serveUdp);
    workers.execute(this::acceptTcp);
  }

  /** Binds UDP and TCP to the same free loopback port (the pair is retried if TCP's is taken). */
  public static TestDnsServer start() throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    for (int attempt = 0;; attempt++) {
      DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0));
      ServerSocket tcp = new ServerSocket();
      try {
        tcp.bind(new InetSocketAddress(loopback, udp.getLocalPort()));
        return new TestDnsServer(udp, tcp);
      } catch (BindException e) {
        udp.close();
        tcp.close();
        if (attempt == 10) {
          throw e;
        }
      }
    }
  }

  /** The time to live of the records written after this call (60 seconds until then). */
  public TestDnsServer ttl(Duration ttl) {
    this.ttl = ttl.toSeconds();
    return this;
  }

  public TestDnsServer mx(String domain, int preference, String host) {
    zone.add(new MXRecord(name(domain), DClass.IN, ttl, preference, name(host)));
    return this;
  }

  public TestDnsServer a(String host, String ipv4) {
    zone.add(new ARecord(name(host), DClass.IN, ttl, literal(ipv4)));
    return this;
  }

  public TestDnsServer aaaa(String host, String ipv6) {
    zone.add(new AAAARecord(name(host), DClass.IN, ttl, literal(ipv6)));
    return this;
  }

  /**
   * A PTR record for the address at its reverse name, {@code d.c.b.a.in-addr.arpa} or the 32
   * nibbles under {@code ip6.arpa} (RFC 1035 §3.5, RFC 3596 §2.5), as FCrDNS asks.
   */
  public TestDnsServer ptr(String ip, String host) {
    zone.add(new PTRRecord(ReverseMap.fromAddress(literal(ip)), DClass.IN, ttl, name(host)));
    return this;
  }

  public TestDnsServer cname(String alias, String target) {
    zone.add(new CNAMERecord(name(alias), DClass.IN, ttl, name(target)));
    return this;
  }

  /**
   * A TXT record of one or more character strings, each at most 255 octets (RFC 1035 §3.3.14), as
   * a DKIM key record is published.
   */
  public TestDnsServer txt(String name, List<String> strings) {
    zone.add(new TXTRecord(name(name), DClass.IN, ttl, strings));
    return this;
  }

  /** Answers NXDOMAIN for this name even if records were written for it (unknown names do anyway). */
  public TestDnsServer nxdomain(String domain) {
    zone.forceRcode(name(domain), Rcode.NXDOMAIN);
    return this;
  }

  /** Answers SERVFAIL for this name, as a resolver does when the domain's servers are broken. */
  public TestDnsServer servfail(String domain) {
    zone.forceRcode(name(domain), Rcode.SERVFAIL);
    return this;
  }

  /** Holds every answer about this name back for the given time, to make a client time out. */
  public TestDnsServer delay(String domain, Duration delay) {
    zone.delay(name(domain), delay);
    return this;
  }

  public int port() {
    return udp.getLocalPort();
  }

  /** {@code 127.0.0.1:port}, the form a resolver setting takes. */
  public String address() {
    return udp.getLocalAddress().getHostAddress() + ":" + port();
  }

  /** Every question received, in order, as {@code name. TYPE} (e.g. {@code outside.test. MX}). */
  public List<String> queries() {
    return List.copyOf(queries);
  }

  @Override
  public void close() {
    closed = true;
    udp.close();
    try {
      tcp.close();
    } catch (IOException ignored) {
      // Closing a listening socket has nothing left to report.
    }
    workers.shutdownNow();
  }

  private void serveUdp() {
    byte[] buffer = new byte[65535];
    while (!closed) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        udp.receive(packet);
      } catch (IOException e) {
        return;
      }
      byte[] wire = Arrays.copyOf(packet.getData(), packet.getLength());
      InetSocketAddress client = (InetSocketAddress) packet.getSocketAddress();
      // Each query on its own thread, so a delayed answer does not hold back the others.
      workers.execute(() -> answerUdp(wire, client));
    }
  }

  private void answerUdp(byte[] wire, InetSocketAddress client) {
    Message query = parse(wire);
    Message response = respond(query);
    if (response == null) {
      return;
    }
    int limit = query.getOPT() == null ? CLASSIC_UDP_SIZE : query.getOPT().getPayloadSize();
    // toWire(limit) sets TC when the answer does not fit, so the client retries over TCP.
    byte[] out = response.toWire(Math.max(limit, CLASSIC_UDP_SIZE));
    try {
      udp.send(new DatagramPacket(out, out.length, client));
    } catch (IOException ignored) {
      // The server is closing; the client times out as it would on a real network.
    }
  }

  private void acceptTcp() {
    while (!closed) {
      try {
        Socket socket = tcp.accept();
        workers.execute(() -> serveTcp(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  /** DNS over TCP: each message is preceded by its two-octet length (RFC 1035 §4.2.2). */
  private void serveTcp(Socket socket) {
    try (socket;
        DataInputStream in = new DataInputStream(socket.getInputStream());
        DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
      while (!closed) {
        byte[] wire = new byte[in.readUnsignedShort()];
        in.readFully(wire);
        Message response = respond(parse(wire));
        if (response == null) {
          return;
        }
        byte[] bytes = response.toWire();
        out.writeShort(bytes.length);
        out.write(bytes);
        out.flush();
      }
    } catch (EOFException e) {
      // The client closed the connection after its last query.
    } catch (IOException e) {
      // A client that went away needs no answer.
    }
  }

  private Message respond(Message query) {
    if (query == null || query.getQuestion() == null) {
      return null;
    }
    Name asked = query.getQuestion().getName();
    queries.add(asked + " " + Type.string(query.getQuestion().getType()));
    try {
      Thread.sleep(zone.delayFor(asked).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    return zone.answer(query);
  }

  private static Message parse(byte[] wire) {
    try {
      return new Message(wire);
    } catch (IOException e) {
      return null;
    }
  }

  private static Name name(String text) {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a domain name: " + text, e);
    }
  }

  private static InetAddress literal(String ip) {
    try {
      return org.xbill.DNS.Address.getByAddress(ip);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + ip, e);
    }
  }
}
