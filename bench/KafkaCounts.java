import com.sun.tools.attach.VirtualMachine;
import java.util.TreeSet;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * bench/profile.sh's view of a running local broker, read from its JMX counters through the attach
 * API (same user, same machine): requests by type, records in and appends per topic, log flushes
 * (fsyncs, with flush.messages=1). Usage: {@code java bench/KafkaCounts.java <broker pid>}.
 */
public class KafkaCounts { public static void main(String[] a) throws Exception {
  VirtualMachine vm = VirtualMachine.attach(a[0]);
  String addr = vm.startLocalManagementAgent(); vm.detach();
  try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(addr))) {
    MBeanServerConnection s = c.getMBeanServerConnection();
    for (ObjectName n : new TreeSet<>(s.queryNames(new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null))) {
      long cnt = (Long) s.getAttribute(n, "Count"); if (cnt > 0) System.out.println("requests " + n.getKeyProperty("request") + " " + n.getKeyProperty("version") + " " + cnt); }
    for (ObjectName n : new TreeSet<>(s.queryNames(new ObjectName("kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec,*"), null)))
      System.out.println("messagesIn " + n.getKeyProperty("topic") + " " + s.getAttribute(n, "Count"));
    for (ObjectName n : new TreeSet<>(s.queryNames(new ObjectName("kafka.server:type=BrokerTopicMetrics,name=TotalProduceRequestsPerSec,*"), null)))
      System.out.println("produceReqs " + n.getKeyProperty("topic") + " " + s.getAttribute(n, "Count"));
    ObjectName f = new ObjectName("kafka.log:type=LogFlushStats,name=LogFlushRateAndTimeMs");
    System.out.println("flushes " + s.getAttribute(f, "Count"));
  }
}}
