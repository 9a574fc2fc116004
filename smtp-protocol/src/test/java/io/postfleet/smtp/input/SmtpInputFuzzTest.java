package io.postfleet.smtp.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.postfleet.smtp.SmtpReply;
import io.postfleet.smtp.command.CommandLine;
import io.postfleet.smtp.command.MailParameters;
import io.postfleet.smtp.command.MailPath;
import io.postfleet.smtp.command.PathParser;
import io.postfleet.smtp.command.RcptParameters;
import io.postfleet.smtp.command.SmtpSyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing (Jazzer) of what a client controls: the bytes of a session, through the
 * input decoder (commands, DATA, BDAT chunks) into the command, path and parameter parsers. Any
 * exception but a syntax refusal is a finding; so is a session read differently when its bytes
 * arrive in other fragments, or a reply that could carry a line break. Runs for a few seconds in
 * the normal build (JAZZER_FUZZ is set for this module's tests); findings land as reproducers under
 * src/test/resources and are replayed by every later build.
 */
class SmtpInputFuzzTest {
  private static final Pattern BDAT = Pattern.compile("BDAT (\\d{1,4})( LAST)?");

  @FuzzTest(maxDuration = "5s")
  void sessionBytesInAnyFragmentsParseTheSameAndFailOnlyCleanly(FuzzedDataProvider data) {
    checkFragments(data);
  }

  /**
   * The same property for an hour, on demand, left out of the normal build:
   * {@code ./mvnw -pl smtp-protocol test -Dtest=SmtpInputFuzzTest -Dfuzz.excluded=none -Dgroups=long-fuzz}.
   */
  @Tag("long-fuzz")
  @FuzzTest(maxDuration = "1h")
  void forAnHourOnDemand(FuzzedDataProvider data) {
    checkFragments(data);
  }

  private static void checkFragments(FuzzedDataProvider data) {
    int fragment = data.consumeInt(1, 64);
    byte[] session = data.consumeRemainingAsBytes();
    List<String> whole = play(session, session.length + 1);
    assertEquals(whole, play(session, fragment));
  }

  /** Plays the server, as the connection drives the decoder; returns what it saw. */
  private static List<String> play(byte[] session, int fragment) {
    SmtpInputDecoder decoder = new SmtpInputDecoder(512);
    List<String> events = new ArrayList<>();
    StringBuilder chunk = new StringBuilder();
    for (int offset = 0; offset < session.length; offset += fragment) {
      decoder.feed(session, offset, Math.min(fragment, session.length - offset));
      while (true) {
        if (decoder.readingChunk()) {
          if (!decoder
              .nextChunkBytes((b, off, n) -> chunk.append(new String(b, off, n, StandardCharsets.ISO_8859_1)))) {
            break;
          }
          events.add("chunk " + chunk);
          chunk.setLength(0);
        } else if (decoder.readingData()) {
          ReceivedData message = decoder.nextMessage();
          if (message == null) {
            break;
          }
          events.add("message " + message.verdict() + " " + message.size() + " " + Arrays.hashCode(message.content()));
        } else {
          InputLine line = decoder.nextLine();
          if (line == null) {
            break;
          }
          events.add(line.tooLong() ? "overlong" : command(line.text(), decoder));
        }
      }
    }
    return events;
  }

  private static String command(String text, SmtpInputDecoder decoder) {
    try {
      CommandLine command = CommandLine.parse(text);
      switch (command.verb()) {
        case "MAIL" : {
          MailPath path = PathParser.parseMailFrom(command.argument());
          return "mail " + path.address() + " " + MailParameters.of(path.parameters(), true);
        }
        case "RCPT" : {
          MailPath path = PathParser.parseRcptTo(command.argument());
          return "rcpt " + path.address() + " " + RcptParameters.of(path.parameters());
        }
        case "DATA" :
          decoder.startData(4096);
          return "data";
        case "BDAT" : {
          Matcher m = BDAT.matcher(text.toUpperCase(Locale.ROOT));
          if (m.matches()) {
            decoder.startChunk(Long.parseLong(m.group(1)));
          }
          return "bdat " + m.matches();
        }
        default :
          return "command " + command;
      }
    } catch (SmtpSyntaxException e) {
      SmtpReply reply = e.reply();
      // A reply whose text had CR or LF from the client would let it write replies of its own.
      assertEquals(List.of(reply.text()), reply.lines(), "reply text with a line break");
      return "refused " + reply.summary();
    }
  }
}
