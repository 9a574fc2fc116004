package io.postfleet.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Ports the operating system says are free on 127.0.0.1, for servers started as other processes.
 */
final class FreePorts {
  private FreePorts() {}

  /**
   * Binds {@code count} sockets to port 0 at once (so the ports differ) and releases them. Another
   * process could take one before our server binds it; on a test machine that window is small.
   */
  static int[] pick(int count) {
    ServerSocket[] sockets = new ServerSocket[count];
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    } finally {
      for (ServerSocket socket : sockets) {
        closeQuietly(socket);
      }
    }
  }

  static int pick() {
    return pick(1)[0];
  }

  /**
   * Fails with a message naming {@code what} if something listens on {@code port} already, such as
   * a server left over from an earlier run that would answer in place of the one about to start.
   */
  static void requireFree(int port, String what) {
    try (ServerSocket probe = new ServerSocket(port)) {
      probe.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(
          "port " + port + " for " + what + " is in use; is an earlier run still up?", e);
    }
  }

  private static void closeQuietly(ServerSocket socket) {
    if (socket == null) {
      return;
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // Nothing listens on it any more either way.
    }
  }
}
