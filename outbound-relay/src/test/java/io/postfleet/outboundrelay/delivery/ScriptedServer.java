package io.postfleet.outboundrelay.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A loopback server that misbehaves as its script says, for each connection it accepts. */
final class ScriptedServer implements AutoCloseable {
  interface Script {
    void run(Socket socket) throws IOException, InterruptedException;
  }

  private final ServerSocket server;
  private final Thread thread;

  ScriptedServer(Script script) throws IOException {
    server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    thread = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket socket = server.accept()) {
          script.run(socket);
        } catch (IOException e) {
          // The client hung up or the server is closing; the test judges what the client saw.
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "scripted-smtp-server");
    thread.setDaemon(true);
    thread.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** {@code [127.0.0.1]:port}, a next hop that needs no DNS. */
  String nextHop() {
    return "[127.0.0.1]:" + server.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    server.close();
    thread.interrupt();
  }
}
