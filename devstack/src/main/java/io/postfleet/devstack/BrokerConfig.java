package io.postfleet.devstack;

import io.postfleet.contract.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The server.properties of a single-node KRaft broker that is its own controller. */
final class BrokerConfig {
  private static final int NODE_ID = 1;

  private BrokerConfig() {}

  /** Writes {@code server.properties} into the data dir, keeping its records in {@code data/}. */
  static Path write(Path dataDir, int port, int controllerPort) throws IOException {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("process.roles", "broker,controller");
    config.put("node.id", String.valueOf(NODE_ID));
    // A static voter set of one: no dynamic quorum to bootstrap, and the controller's port may
    // change between runs of the same data dir.
    config.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    config.put("controller.listener.names", "CONTROLLER");
    config.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    config.put("inter.broker.listener.name", "PLAINTEXT");
    config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    config.put("log.dirs", dataDir.resolve("data").toAbsolutePath().toString());
    // One node: internal topics cannot have more replicas than that.
    config.put("offsets.topic.replication.factor", "1");
    config.put("transaction.state.log.replication.factor", "1");
    config.put("transaction.state.log.min.isr", "1");
    config.put("share.coordinator.state.topic.replication.factor", "1");
    config.put("share.coordinator.state.topic.min.isr", "1");
    config.put("min.insync.replicas", "1");
    // One replica, so no other machine holds an acknowledged record: it must be on disk before the
    // ack, as Postfix fsyncs its queue file before 250 (RFC 5321 section 6.1). With 1, every append
    // ends with an fsync of the segment inside UnifiedLog.append, before the produce response; as a
    // broker default it covers __consumer_offsets too. README.md, "Durability", has the reasoning.
    config.put("log.flush.interval.messages", "1");
    // A message at the SMTP size limit plus its envelope must fit in one record.
    config.put("message.max.bytes", String.valueOf(Topics.MAX_RECORD_BYTES));
    config.put("replica.fetch.max.bytes", String.valueOf(Topics.MAX_RECORD_BYTES));
    // One node on a developer's machine: the defaults (3 network, 8 I/O threads) are sized for a
    // server and only add context switches here.
    config.put("num.network.threads", "2");
    config.put("num.io.threads", "2");
    // Topics come from PostfleetTopics with their partition counts; a typo must not create one.
    config.put("auto.create.topics.enable", "false");
    // Tests and the local stack start consumers right away; nobody else is about to join.
    config.put("group.initial.rebalance.delay.ms", "0");
    // After a kill -9 the restarted broker cannot register until the dead one's session expires
    // (9 s by default); heartbeats go to the controller in the same process, so 5 s is ample.
    config.put("broker.heartbeat.interval.ms", "1000");
    config.put("broker.session.timeout.ms", "5000");
    Path file = dataDir.resolve("server.properties");
    String text = config.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("\n", "", "\n"));
    Files.writeString(file, text);
    return file;
  }

  /** The file the storage tool writes when it formats the log dir. */
  static Path formattedMarker(Path dataDir) {
    return dataDir.resolve("data").resolve("meta.properties");
  }
}
