package dev.eddy.peer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashCommandTest {
  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int eddy(String... args) {
    return EddyCommand.newCommandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
  }

  private static String vector(String name) {
    return Path.of(System.getProperty("eddy.vectors"), name).toString();
  }

  @Test
  void printsTheLibswiftSwarmIdByDefault() {
    assertThat(eddy("hash", vector("libswift-100k.content.bin"))).isZero();

    assertThat(out.toString()).isEqualTo("651258d87cf77ea7b3e5dd7833df8c70a306f1df" + System.lineSeparator());
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void honoursChunkSizeAndHashFunction() {
    assertThat(eddy("hash", vector("m74.jpg"), "--chunk-size", "26121", "--hash-function", "sha256")).isZero();

    // A single chunk: the root is the SHA-256 of the whole file.
    assertThat(out.toString().trim())
        .isEqualTo(sha256Hex(vector("m74.jpg")))
        .hasSize(64);
  }

  @Test
  void missingFileIsOneLineAndExitOne() {
    assertThat(eddy("hash", tmp.resolve("nope.bin").toString())).isEqualTo(6);

    assertThat(err.toString()).isEqualTo("eddy: cannot read " + tmp.resolve("nope.bin") + ": no such file" + System.lineSeparator());
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void directoryIsRefusedInOneLine() {
    assertThat(eddy("hash", tmp.toString())).isEqualTo(6);

    assertThat(err.toString()).isEqualTo("eddy: cannot read " + tmp + ": is a directory, not a file" + System.lineSeparator());
  }

  @Test
  void deviceIsRefusedInOneLine() {
    assertThat(eddy("hash", "/dev/null")).isEqualTo(6);

    assertThat(err.toString()).startsWith("eddy: cannot read /dev/null: not a regular file").doesNotContain("\tat ");
  }

  @Test
  void badOptionValuesAreOneLineUsageErrors() {
    assertThat(eddy("hash", vector("m74.jpg"), "--chunk-size", "0")).isEqualTo(2);
    assertThat(eddy("hash", vector("m74.jpg"), "--chunk-size", "many")).isEqualTo(2);
    assertThat(eddy("hash", vector("m74.jpg"), "--hash-function", "md5")).isEqualTo(2);
    assertThat(eddy("hash")).isEqualTo(2);

    assertThat(err.toString().lines())
        .containsExactly(
            "eddy hash: --chunk-size must be between 64 and 61440 bytes (one chunk per UDP datagram), got 0 (see 'eddy hash --help')",
            "eddy hash: Invalid value for option '--chunk-size': 'many' is not an int (see 'eddy hash --help')",
            "eddy hash: Invalid value for option '--hash-function': 'md5' is not one of sha1, sha224, sha256,"
                + " sha384, sha512 (see 'eddy hash --help')",
            "eddy hash: Missing required parameter: 'FILE' (see 'eddy hash --help')");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void helpShowsOptionsAndAnExample() {
    assertThat(eddy("hash", "--help")).isZero();

    assertThat(out.toString())
        .contains("Usage: eddy hash", "--chunk-size", "--hash-function", "Example:",
            "eddy hash vectors/m74.jpg");
  }

  @Test
  void hashAndSeedGiveOneAnswerToTheSameInput() throws IOException {
    Path empty = Files.createFile(tmp.resolve("empty.bin"));
    Path missing = tmp.resolve("missing.bin");
    for (String command : new String[] {"hash", "seed"}) {
      StringWriter e = new StringWriter();
      assertThat(EddyCommand.newCommandLine().setErr(new PrintWriter(e)).execute(command, empty.toString())).isEqualTo(2);
      assertThat(e.toString()).as(command).isEqualTo("eddy: " + empty + " is empty: no chunks, so no swarm to hash or serve\n");

      e = new StringWriter();
      assertThat(EddyCommand.newCommandLine().setErr(new PrintWriter(e)).execute(command, missing.toString())).isEqualTo(6);
      assertThat(e.toString()).as(command).isEqualTo("eddy: cannot read " + missing + ": no such file\n");

      e = new StringWriter();
      assertThat(EddyCommand.newCommandLine().setErr(new PrintWriter(e)).execute(command, vector("m74.jpg"), "--chunk-size", "32"))
          .isEqualTo(2);
      assertThat(e.toString()).as(command).isEqualTo("eddy " + command
          + ": --chunk-size must be between 64 and 61440 bytes (one chunk per UDP datagram), got 32 (see 'eddy " + command + " --help')\n");
    }
  }

  @Test
  void everySubcommandThatListsVersionPrintsIt() {
    String eddy = version("-V");
    assertThat(eddy).matches("eddy \\S+\\R");
    for (String command : EddyCommand.newCommandLine().getSubcommands().keySet()) {
      assertThat(version(command, "-V")).as(command).isEqualTo(eddy);
    }
  }

  private static String version(String... args) {
    StringWriter o = new StringWriter();
    assertThat(EddyCommand.newCommandLine().setOut(new PrintWriter(o)).execute(args)).isZero();
    return o.toString();
  }

  @Test
  void aZeroTimeoutIsRefusedLikeAZeroTargetDelay() {
    StringWriter e = new StringWriter();
    String[] get = {"get", "c89800bfc82ed01ed6e3bfd5408c51274491f7d4", "--peer", "127.0.0.1:9"};
    assertThat(EddyCommand.newCommandLine().setErr(new PrintWriter(e)).execute(concat(get, "--timeout", "0s"))).isEqualTo(2);
    assertThat(EddyCommand.newCommandLine().setErr(new PrintWriter(e)).execute(concat(get, "--target-delay", "0s"))).isEqualTo(2);
    assertThat(e.toString().lines()).containsExactly(
        "eddy get: --timeout must be at least 1ms, got 0s (see 'eddy get --help')",
        "eddy get: --target-delay must be between 1ms and 100ms (RFC 6817), got 0s (see 'eddy get --help')");
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static String sha256Hex(String file) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(Path.of(file)));
      return java.util.HexFormat.of().formatHex(digest);
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
