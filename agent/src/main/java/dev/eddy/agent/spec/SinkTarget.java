package dev.eddy.agent.spec;

import java.nio.file.Path;

/** Where trace lines go. */
public sealed interface SinkTarget {
  String text();

  record Stdout() implements SinkTarget {
    public String text() {
      return "stdout";
    }
  }

  record Stderr() implements SinkTarget {
    public String text() {
      return "stderr";
    }
  }

  record File(Path path) implements SinkTarget {
    public String text() {
      return "file:" + path;
    }
  }

  /** Commits {@code dev.eddy.trace.MethodCall} events into the recordings running in the target. */
  record Jfr() implements SinkTarget {
    public String text() {
      return "jfr";
    }
  }
}
