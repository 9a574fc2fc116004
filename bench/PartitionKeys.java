import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.utils.Utils;

/**
 * Picks record keys that Kafka's default partitioner spreads evenly: {@code PER} keys for each of
 * {@code PARTITIONS} partitions, from the candidates {@code String.format(FORMAT, i)} for i = FROM,
 * FROM+1, ... Postfleet keys postfleet.delivery.local by mailbox and postfleet.delivery.relay by next
 * hop, so bench/scale.sh sends to mailboxes (or next hops) chosen here: otherwise one partition could
 * get twice another's share and cap what more instances can do. Run on the kafka-clients jar:
 * {@code java -cp kafka-clients.jar bench/PartitionKeys.java 4 4 'bench%03d@mail.example.test' 0}.
 * Prints one key per line, in partition order.
 */
public final class PartitionKeys {
  public static void main(String[] args) {
    if (args.length != 4) {
      System.err.println("usage: PartitionKeys PARTITIONS PER FORMAT FROM");
      System.exit(2);
    }
    int partitions = Integer.parseInt(args[0]);
    int per = Integer.parseInt(args[1]);
    String format = args[2];
    int from = Integer.parseInt(args[3]);
    List<List<String>> chosen = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      chosen.add(new ArrayList<>());
    }
    int remaining = partitions * per;
    for (int i = from; remaining > 0; i++) {
      String key = String.format(Locale.ROOT, format, i);
      // The producer's partitioner for a keyed record (BuiltInPartitioner.partitionForKey).
      int p = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
      if (chosen.get(p).size() < per) {
        chosen.get(p).add(key);
        remaining--;
      }
      if (i - from > 1_000_000) {
        throw new IllegalStateException("no even spread among a million candidates");
      }
    }
    chosen.forEach(keys -> keys.forEach(System.out::println));
  }
}
