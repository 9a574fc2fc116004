package io.postfleet.devstack;

/**
 * The broker process's entry point: runs {@code kafka.Kafka} and shuts the broker down when the JVM
 * that started it is gone. Java cannot ask Linux to signal a child when its parent dies, so without
 * this a test JVM killed by a timeout would leave a broker running on a shared machine.
 *
 * <p>Runs from {@code kafka-lib} only (see the devstack pom); never loaded in the starting JVM.
 */
public final class BrokerMain {
  private BrokerMain() {}

  /** Arguments: the starting JVM's pid, then the path of server.properties. */
  public static void main(String[] args) {
    long parentPid = Long.parseLong(args[0]);
    ProcessHandle parent = ProcessHandle.of(parentPid)
        .orElseThrow(() -> new IllegalStateException("parent " + parentPid + " is gone"));
    parent
        .onExit()
        .thenRun(
            () -> {
              System.err.println("BrokerMain: parent process " + parentPid + " ended, stopping");
              // Kafka's own shutdown hook performs the controlled shutdown.
              System.exit(0);
            });
    kafka.Kafka.main(new String[] {args[1]});
  }
}
