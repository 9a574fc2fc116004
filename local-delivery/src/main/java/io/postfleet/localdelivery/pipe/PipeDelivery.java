package io.postfleet.localdelivery.pipe;

import io.postfleet.contract.DeliveryOutcome;
import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.contract.PipeCommand;
import io.postfleet.localdelivery.config.LocalDeliveryConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.jboss.logging.Logger;

/**
 * Postfix pipe(8) for one recipient: expands the command's macros, runs it as the configured user
 * with the message on stdin, and maps its ending onto an outcome ({@link SysExits}). The message is
 * written as Postfix's default {@code flags=} (none) writes it: unchanged but for line ends, LF as
 * pipe(8) writes them, and with no {@code Delivered-To:}, {@code Return-Path:} or {@code From } line
 * added. A replayed job (after a crash before its result was acknowledged) runs the command again,
 * as Postfix may too: a command that must not see a message twice deduplicates on {@code ${queue_id}}.
 */
public final class PipeDelivery {
  private static final Logger LOG = Logger.getLogger(PipeDelivery.class);

  private final LocalDeliveryConfig.Pipe config;
  private final String currentUser;
  private final boolean root;
  private final Map<String, String> groups = new ConcurrentHashMap<>();

  public PipeDelivery(LocalDeliveryConfig.Pipe config) {
    this(config, System.getProperty("user.name"), RunAs.runningAsRoot());
  }

  PipeDelivery(LocalDeliveryConfig.Pipe config, String currentUser, boolean root) {
    this.config = config;
    this.currentUser = currentUser;
    this.root = root;
  }

  /** Runs the job's command; waits for it, at most the command time limit. */
  public DeliveryOutcome deliver(LocalDeliveryJob job) throws InterruptedException {
    List<String> argv;
    try {
      argv = PipeCommand.parse(job.pipe()).argv(PipeMacros.of(job, config.nullSender()));
    } catch (IllegalArgumentException e) {
      // The admin API refuses such commands; one in the database by other means can never run.
      return new DeliveryOutcome.Bounced("5.3.5", SysExits.RELAY, "bad pipe command: " + e.getMessage());
    }
    RunAs.Decision runAs = RunAs.decide(config.user(), currentUser, root, this::primaryGroup);
    if (runAs.refused()) {
      return new DeliveryOutcome.Deferred("4.3.5", SysExits.RELAY, runAs.refusal());
    }
    CommandRun run = CommandRunner.run(runAs.wrap(argv), withLf(job.content()), config.commandTimeLimit());
    if (run.ending() != CommandRun.Ending.EXITED || run.status() != 0) {
      LOG.debugf("%s: pipe %s ended %s %d: %s", job.queueId(), argv.get(0), run.ending(), run.status(), run.output());
    }
    return SysExits.outcome(run, job.pipe());
  }

  /**
   * The consumer settings with room for a batch that waits on a command for its whole time limit:
   * Kafka would otherwise take the partitions away after max.poll.interval.ms (5 minutes) and
   * replay the batch on another consumer while the command still runs.
   */
  public static Map<String, Object> pollInterval(Map<String, Object> kafka, LocalDeliveryConfig.Pipe config) {
    Map<String, Object> settings = new HashMap<>(kafka);
    long needed = config.commandTimeLimit().plusMinutes(5).toMillis();
    settings.merge(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, needed),
        (given, ours) -> Math.max(Integer.parseInt(given.toString()), (Integer) ours));
    return settings;
  }

  /** CRLF to LF: the message as a Unix command reads mail, and as pipe(8) writes it. */
  static byte[] withLf(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length);
    for (int i = 0; i < content.length; i++) {
      if (content[i] == '\r' && i + 1 < content.length && content[i + 1] == '\n') {
        continue;
      }
      out.write(content[i]);
    }
    return out.toByteArray();
  }

  /** {@code id -g user}, remembered once known; null (and asked again next time) when it is not. */
  private String primaryGroup(String user) {
    return groups.computeIfAbsent(user, u -> {
      try {
        Process id = new ProcessBuilder("id", "-g", "--", u).redirectErrorStream(true).start();
        String out = new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        return id.waitFor() == 0 && out.matches("\\d+") ? out : null;
      } catch (IOException e) {
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    });
  }
}
