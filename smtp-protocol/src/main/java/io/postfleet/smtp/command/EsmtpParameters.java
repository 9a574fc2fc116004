package io.postfleet.smtp.command;

import io.postfleet.smtp.SmtpReply;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Splits {@code KEY=value KEY2} after a path into a map (RFC 5321 §4.1.2 Mail-parameters). */
final class EsmtpParameters {
  /**
   * More than every extension we know defines for one command (MAIL has six); a longer list is
   * noise from a fuzzer or an attack, and answering it once is cheaper than a 555 per keyword.
   */
  static final int MAX_PARAMETERS = 10;

  private EsmtpParameters() {}

  static Map<String, String> parse(String text) throws SmtpSyntaxException {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String token : text.strip().split("[ \t]+")) {
      if (token.isEmpty()) {
        continue;
      }
      if (parameters.size() == MAX_PARAMETERS) {
        throw new SmtpSyntaxException(SmtpReply.tooManyParameters());
      }
      int eq = token.indexOf('=');
      String keyword = eq < 0 ? token : token.substring(0, eq);
      String value = eq < 0 ? "" : token.substring(eq + 1);
      if (!keyword.matches("[A-Za-z0-9][A-Za-z0-9-]*") || (eq >= 0 && value.isEmpty())
          || value.indexOf('=') >= 0) {
        throw new SmtpSyntaxException(SmtpReply.badParameterSyntax());
      }
      if (parameters.put(keyword.toUpperCase(Locale.ROOT), value) != null) {
        throw new SmtpSyntaxException(SmtpReply.badParameterSyntax());
      }
    }
    return parameters;
  }
}
