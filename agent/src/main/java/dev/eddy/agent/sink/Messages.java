package dev.eddy.agent.sink;

import dev.eddy.agent.spec.SinkTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The agent's own messages (errors, status, clear): written at once to the target's stderr, and also to
 * the text sinks the command named (so {@code eddy trace} sees them in its stream).
 */
public final class Messages {
  public static final String PREFIX = "eddy-trace: ";
  /** The stop reason when the target JVM shuts down mid-session; {@code eddy trace} looks for it. */
  public static final String JVM_EXITING = "JVM exiting";

  private Messages() {}

  public static void error(String message, List<SinkTarget> sinks) {
    write(List.of(PREFIX + "error: " + message), sinks);
  }

  public static void write(List<String> lines, List<SinkTarget> sinks) {
    for (String line : lines) {
      System.err.println(line);
    }
    for (SinkTarget sink : sinks) {
      if (sink instanceof SinkTarget.Stdout) {
        lines.forEach(System.out::println);
      } else if (sink instanceof SinkTarget.File file) {
        try {
          Files.write(file.path(), lines, StandardCharsets.UTF_8,
              StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
          System.err.println(PREFIX + "error: cannot write to " + file.path() + ": " + e.getMessage());
        }
      }
    }
  }
}
