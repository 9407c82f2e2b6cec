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
    assertThat(eddy("hash", tmp.resolve("nope.bin").toString())).isEqualTo(1);

    assertThat(err.toString()).isEqualTo("eddy hash: no such file: " + tmp.resolve("nope.bin") + System.lineSeparator());
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void directoryIsRefusedInOneLine() {
    assertThat(eddy("hash", tmp.toString())).isEqualTo(1);

    assertThat(err.toString()).isEqualTo("eddy hash: " + tmp + " is a directory, not a file" + System.lineSeparator());
  }

  @Test
  void deviceIsRefusedInOneLine() {
    assertThat(eddy("hash", "/dev/null")).isEqualTo(1);

    assertThat(err.toString()).startsWith("eddy hash: /dev/null is not a regular file").doesNotContain("\tat ");
  }

  @Test
  void badOptionValuesAreOneLineUsageErrors() {
    assertThat(eddy("hash", vector("m74.jpg"), "--chunk-size", "0")).isEqualTo(2);
    assertThat(eddy("hash", vector("m74.jpg"), "--chunk-size", "many")).isEqualTo(2);
    assertThat(eddy("hash", vector("m74.jpg"), "--hash-function", "md5")).isEqualTo(2);
    assertThat(eddy("hash")).isEqualTo(2);

    assertThat(err.toString().lines())
        .containsExactly(
            "eddy hash: --chunk-size must be greater than 0, got 0 (see 'eddy hash --help')",
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

  private static String sha256Hex(String file) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(Path.of(file)));
      return java.util.HexFormat.of().formatHex(digest);
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
