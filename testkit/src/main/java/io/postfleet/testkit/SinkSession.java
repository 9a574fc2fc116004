package io.postfleet.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** One connection to an {@link SmtpSink}: a deliberately small RFC 5321 server dialogue. */
final class SinkSession implements Runnable {
  private static final int IDLE_TIMEOUT_MILLIS = 30_000;
  private static final byte[] END_OF_DATA = {'.', '\r', '\n'};

  private final SmtpSink sink;
  private final Socket socket;
  private String helo = "";
  private String mailFrom;
  private final List<String> recipients = new ArrayList<>();

  SinkSession(SmtpSink sink, Socket socket) {
    this.sink = sink;
    this.socket = socket;
  }

  @Override
  public void run() {
    try (socket;
        InputStream in = new BufferedInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream()) {
      socket.setSoTimeout(IDLE_TIMEOUT_MILLIS);
      String greeting = sink.greetingReply();
      reply(out, greeting);
      boolean refusing = !greeting.startsWith("2");
      byte[] line;
      while ((line = readLine(in)) != null) {
        String command = new String(line, StandardCharsets.UTF_8).stripTrailing();
        sink.command(command);
        String verb = command.split(" ", 2)[0].toUpperCase(Locale.ROOT);
        if (verb.equals("QUIT")) {
          reply(out, "221 2.0.0 Bye");
          return;
        }
        // A server that refused in its greeting answers 503 to all but QUIT (RFC 5321 §3.1).
        reply(out, refusing ? "503 5.5.1 Bad sequence of commands" : handle(verb, command, in, out));
      }
    } catch (IOException e) {
      // The client went away; whatever it completed is already recorded.
    }
  }

  private String handle(String verb, String command, InputStream in, OutputStream out)
      throws IOException {
    switch (verb) {
      case "EHLO":
        helo = argument(command);
        return sink.scriptedEhloReply()
            .orElse("250-sink.test\r\n250-8BITMIME\r\n250-PIPELINING\r\n250 ENHANCEDSTATUSCODES");
      case "HELO":
        helo = argument(command);
        return "250 sink.test";
      case "MAIL":
        mailFrom = path(command);
        recipients.clear();
        return "250 2.1.0 Ok";
      case "RCPT":
        return rcpt(command);
      case "DATA":
        return data(in, out);
      case "RSET":
        mailFrom = null;
        recipients.clear();
        return "250 2.0.0 Ok";
      case "NOOP":
        return "250 2.0.0 Ok";
      default:
        return "502 5.5.2 Command not recognized";
    }
  }

  private String rcpt(String command) {
    if (mailFrom == null) {
      return "503 5.5.1 Error: need MAIL command";
    }
    String recipient = path(command);
    String answer = sink.scriptedRcptReply(recipient).orElse("250 2.1.5 Ok");
    if (answer.startsWith("2")) {
      recipients.add(recipient);
    }
    return answer;
  }

  private String data(InputStream in, OutputStream out) throws IOException {
    if (recipients.isEmpty()) {
      return "554 5.5.1 Error: no valid recipients";
    }
    reply(out, "354 End data with <CR><LF>.<CR><LF>");
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    byte[] line;
    while ((line = readLine(in)) != null && !Arrays.equals(line, END_OF_DATA)) {
      // Dot-unstuffing (RFC 5321 §4.5.2): a leading dot was doubled by the client.
      int skip = line.length > 0 && line[0] == '.' ? 1 : 0;
      data.write(line, skip, line.length - skip);
    }
    if (line == null) {
      throw new IOException("connection closed inside DATA");
    }
    String answer = sink.scriptedDataReply().orElse("250 2.0.0 Ok: queued by sink");
    if (answer.startsWith("2")) {
      sink.accepted(new SinkMessage(helo, mailFrom, recipients, data.toByteArray()));
    }
    mailFrom = null;
    recipients.clear();
    return answer;
  }

  /** A line with its line end, up to and including LF; null at end of stream. */
  private static byte[] readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    int b;
    while ((b = in.read()) != -1) {
      line.write(b);
      if (b == '\n') {
        return line.toByteArray();
      }
    }
    return line.size() == 0 ? null : line.toByteArray();
  }

  private static String argument(String command) {
    String[] parts = command.split(" ", 2);
    return parts.length > 1 ? parts[1].trim() : "";
  }

  /** The address inside the angle brackets of {@code MAIL FROM:<a>} or {@code RCPT TO:<a>}. */
  private static String path(String command) {
    int open = command.indexOf('<');
    int close = command.indexOf('>', open + 1);
    if (open < 0 || close < 0) {
      return command.substring(command.indexOf(':') + 1).trim();
    }
    return command.substring(open + 1, close);
  }

  private static void reply(OutputStream out, String reply) throws IOException {
    out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
