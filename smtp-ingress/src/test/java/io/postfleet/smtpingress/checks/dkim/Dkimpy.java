package io.postfleet.smtpingress.checks.dkim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's dkimpy ({@code python3-dkim}), an independent DKIM signer, run as a process: what it
 * signs we did not canonicalise ourselves. Debian's Python, not a pyenv one without the package.
 */
final class Dkimpy {
  private static final String PYTHON = "/usr/bin/python3";
  private static final String SIGN = String.join("\n",
      "import sys, dkim",
      "selector, domain, algorithm, canon, keyfile, length = sys.argv[1:7]",
      "message = sys.stdin.buffer.read()",
      "key = open(keyfile, 'rb').read()",
      "c = tuple(part.encode() for part in canon.split('/'))",
      "sys.stdout.buffer.write(dkim.sign(message, selector.encode(), domain.encode(), key, canonicalize=c,",
      "    signature_algorithm=algorithm.encode(), length=(length == 'l')))",
      "");

  private Dkimpy() {}

  /** Whether dkimpy and PyNaCl can be imported, installing them with apt-get if they cannot. */
  static String unavailableBecause() {
    if (run(List.of(PYTHON, "-c", "import dkim, nacl"), new byte[0], 30).exit == 0) {
      return "";
    }
    Result install = run(List.of("apt-get", "install", "-y", "python3-dkim", "python3-nacl"), new byte[0], 300);
    if (run(List.of(PYTHON, "-c", "import dkim, nacl"), new byte[0], 30).exit == 0) {
      return "";
    }
    return "dkimpy cannot be had (apt-get exit " + install.exit + "): " + install.output;
  }

  /**
   * The DKIM-Signature field dkimpy writes for the message, CRLF included.
   *
   * @param key a PKCS#1 RSA key in PEM, or a base64 Ed25519 seed
   * @param canonicalization e.g. {@code relaxed/relaxed}
   */
  static String sign(byte[] message, String selector, String domain, String algorithm, String canonicalization,
      String key, boolean length) throws IOException {
    Path script = Files.createTempFile("dkimpy-sign", ".py");
    Path keyFile = Files.createTempFile("dkimpy-key", ".txt");
    try {
      Files.writeString(script, SIGN);
      Files.writeString(keyFile, key);
      Result result = run(List.of(PYTHON, script.toString(), selector, domain, algorithm, canonicalization,
          keyFile.toString(), length ? "l" : "-"), message, 60);
      if (result.exit != 0 || !result.output.startsWith("DKIM-Signature:")) {
        throw new IllegalStateException("dkimpy failed (" + result.exit + "): " + result.output);
      }
      return result.output;
    } finally {
      Files.deleteIfExists(script);
      Files.deleteIfExists(keyFile);
    }
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> command, byte[] input, int seconds) {
    List<String> full = new ArrayList<>(command);
    try {
      Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
      process.getOutputStream().write(input);
      process.getOutputStream().close();
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      Thread reader = new Thread(() -> copy(process.getInputStream(), output));
      reader.start();
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, "timed out after " + seconds + " s");
      }
      reader.join(5000);
      return new Result(process.exitValue(), output.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try {
      in.transferTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
