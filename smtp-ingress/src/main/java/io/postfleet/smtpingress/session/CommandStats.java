package io.postfleet.smtpingress.session;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts commands per verb for the disconnect line, in Postfix's form
 * {@code ehlo=1 mail=1 rcpt=1/2 data=1 quit=1 commands=5/6} (succeeded, or succeeded/attempted).
 */
public final class CommandStats {
  private final Map<String, int[]> counts = new LinkedHashMap<>();

  public void record(String verb, boolean succeeded) {
    int[] c = counts.computeIfAbsent(verb.toLowerCase(Locale.ROOT), v -> new int[2]);
    c[1]++;
    if (succeeded) {
      c[0]++;
    }
  }

  public String summary() {
    StringBuilder out = new StringBuilder();
    int ok = 0;
    int total = 0;
    for (Map.Entry<String, int[]> e : counts.entrySet()) {
      out.append(' ').append(e.getKey()).append('=').append(ratio(e.getValue()[0], e.getValue()[1]));
      ok += e.getValue()[0];
      total += e.getValue()[1];
    }
    return out.append(" commands=").append(ratio(ok, total)).toString().strip();
  }

  private static String ratio(int ok, int total) {
    return ok == total ? Integer.toString(ok) : ok + "/" + total;
  }
}
