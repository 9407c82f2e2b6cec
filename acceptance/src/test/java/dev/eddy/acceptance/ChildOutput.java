package dev.eddy.acceptance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/** A child process's output, read line by line; everything read so far stays available for assertions. */
final class ChildOutput implements AutoCloseable {
  private final BufferedReader lines;
  private final StringBuilder seen = new StringBuilder();

  ChildOutput(Process process) {
    lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Reads up to and including the first line that matches, or to the end of the output. */
  void readUntil(Predicate<String> match) throws IOException {
    String line;
    while ((line = lines.readLine()) != null) {
      seen.append(line).append('\n');
      if (match.test(line)) {
        return;
      }
    }
  }

  void readToEnd() throws IOException {
    readUntil(line -> false);
  }

  /** Every line read so far, each ending in a newline. */
  String seen() {
    return seen.toString();
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
