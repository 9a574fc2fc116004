package io.postfleet.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command of a PIPE transport, as {@link LocalDeliveryJob#pipe()} carries it: Postfix pipe(8)'s
 * {@code argv=}, words separated by whitespace and run without a shell. Unlike master.cf, a word
 * with spaces is written in double quotes ({@code "a b"}; inside them {@code \"} and {@code \\}
 * stand for themselves). Macros {@code ${name}} (or {@code $name}; {@code $$} is a dollar) are
 * expanded inside the word they are written in: an expansion never splits a word or joins two,
 * whatever it holds, as in pipe(8). queue-manager parses a command when the transport is written, so
 * a bad one is refused there; local-delivery parses it again to run it.
 */
public final class PipeCommand {
  /** The macros of pipe(8) that make sense for one recipient per delivery. */
  public static final Set<String> MACROS = Set.of("sender", "recipient", "original_recipient", "nexthop", "user",
      "extension", "domain", "queue_id");
  /** A column of the transport table holds at most this many characters. */
  public static final int MAX_LENGTH = 2000;

  private final List<List<Part>> words;

  private PipeCommand(List<List<Part>> words) {
    this.words = words;
  }

  /** A literal piece of a word, or a macro to expand there. */
  private record Part(String text, boolean macro) {}

  /**
   * Parses and checks a command: an absolute program path without macros, then its arguments.
   *
   * @throws IllegalArgumentException with a message for the administrator, naming what is wrong
   */
  public static PipeCommand parse(String command) {
    if (command == null || command.isBlank()) {
      throw new IllegalArgumentException("a PIPE transport needs a command: /path/to/program and its arguments");
    }
    if (command.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("a pipe command has at most " + MAX_LENGTH + " characters");
    }
    List<List<Part>> words = new ArrayList<>();
    int i = 0;
    int n = command.length();
    while (i < n) {
      if (Character.isWhitespace(command.charAt(i))) {
        i++;
        continue;
      }
      List<Part> word = new ArrayList<>();
      StringBuilder literal = new StringBuilder();
      boolean quoted = false;
      while (i < n && (quoted || !Character.isWhitespace(command.charAt(i)))) {
        char c = command.charAt(i);
        if (c == '"') {
          quoted = !quoted;
          i++;
        } else if (c == '\\' && quoted && i + 1 < n
            && (command.charAt(i + 1) == '"' || command.charAt(i + 1) == '\\')) {
          literal.append(command.charAt(i + 1));
          i += 2;
        } else if (c == '$') {
          i = macro(command, i, literal, word);
        } else {
          literal.append(c);
          i++;
        }
      }
      if (quoted) {
        throw new IllegalArgumentException("unterminated double quote in pipe command");
      }
      if (literal.length() > 0 || word.isEmpty()) {
        word.add(new Part(literal.toString(), false));
      }
      words.add(List.copyOf(word));
    }
    List<Part> program = words.get(0);
    if (program.size() != 1 || program.get(0).macro() || !program.get(0).text().startsWith("/")) {
      throw new IllegalArgumentException("a pipe command starts with the program's absolute path, without macros: '"
          + command.trim().split("\\s+", 2)[0] + "' is not one");
    }
    return new PipeCommand(List.copyOf(words));
  }

  /** Reads the macro at {@code command[i] == '$'} into {@code word}; returns the index after it. */
  private static int macro(String command, int i, StringBuilder literal, List<Part> word) {
    int n = command.length();
    if (i + 1 < n && command.charAt(i + 1) == '$') {
      literal.append('$');
      return i + 2;
    }
    String name;
    int end;
    if (i + 1 < n && command.charAt(i + 1) == '{') {
      int close = command.indexOf('}', i + 2);
      if (close < 0) {
        throw new IllegalArgumentException("unterminated ${ in pipe command");
      }
      name = command.substring(i + 2, close);
      end = close + 1;
    } else {
      end = i + 1;
      while (end < n && (Character.isLetterOrDigit(command.charAt(end)) || command.charAt(end) == '_')) {
        end++;
      }
      name = command.substring(i + 1, end);
      if (name.isEmpty()) {
        throw new IllegalArgumentException("a lone $ in pipe command: write $$ for a dollar sign");
      }
    }
    if (!MACROS.contains(name)) {
      throw new IllegalArgumentException("unknown macro ${" + name + "} in pipe command; known: "
          + String.join(", ", MACROS.stream().sorted().map(m -> "${" + m + "}").toList()));
    }
    if (literal.length() > 0) {
      word.add(new Part(literal.toString(), false));
      literal.setLength(0);
    }
    word.add(new Part(name, true));
    return end;
  }

  /** The program's path. */
  public String program() {
    return words.get(0).get(0).text();
  }

  /**
   * The argument vector with every macro replaced by its value, each inside its own word.
   *
   * @param values a value for every name of {@link #MACROS}
   */
  public List<String> argv(Map<String, String> values) {
    List<String> argv = new ArrayList<>(words.size());
    for (List<Part> word : words) {
      StringBuilder arg = new StringBuilder();
      for (Part part : word) {
        if (part.macro()) {
          String value = values.get(part.text());
          if (value == null) {
            throw new IllegalArgumentException("no value for ${" + part.text() + "}");
          }
          arg.append(value);
        } else {
          arg.append(part.text());
        }
      }
      argv.add(arg.toString());
    }
    return List.copyOf(argv);
  }
}
