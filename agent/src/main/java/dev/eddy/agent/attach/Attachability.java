package dev.eddy.agent.attach;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Tells, before attaching, that a process cannot be a JVM ready for the attach API. HotSpot's attach on
 * Linux starts the target's attach listener with SIGQUIT and then waits 10.5 s for its socket: a process
 * that does not catch SIGQUIT (anything but a JVM, or a JVM run with {@code -Xrs}) makes the attach wait
 * that long and then fail, and is killed by the signal unless it ignores it. {@code /proc/PID/status} says
 * which signals a process catches, so the answer comes at once and nothing is sent. It also says which
 * signals this process ignores, for the one that should clear the trace.
 */
final class Attachability {
  // Bit n-1 of a /proc signal mask stands for signal n.
  private static final long SIGINT_MASK = 1L << (2 - 1);
  private static final long SIGQUIT_MASK = 1L << (3 - 1);

  private Attachability() {}

  /** Why {@code pid} cannot be attached to, or empty if it may be (or this system has no {@code /proc}). */
  static Optional<String> check(long pid) {
    Path proc = Path.of("/proc", Long.toString(pid));
    // A running attach listener needs no signal (a JVM started with -XX:+StartAttachListener, or attached before).
    if (Files.exists(Path.of("/tmp", ".java_pid" + pid)) || Files.exists(proc.resolve("root/tmp/.java_pid" + pid))) {
      return Optional.empty();
    }
    Optional<Long> caught = signalMask(proc.resolve("status"), "SigCgt:");
    if (caught.isEmpty() || (caught.get() & SIGQUIT_MASK) != 0) {
      return Optional.empty();
    }
    return Optional.of("pid " + pid + commandName(proc) + " is not a JVM that can be attached to: it does not catch"
        + " SIGQUIT, which starts a JVM's attach listener (a JVM started with -Xrs does not either);"
        + " nothing was sent to it. List JVMs with jcmd -l");
  }

  /**
   * Whether this process ignores SIGINT, as a job a script starts with {@code &} does: the JVM leaves it
   * ignored (as nohup expects), so Ctrl-C or {@code kill -INT} never reaches a shutdown hook. False where
   * there is no {@code /proc} to tell.
   */
  static boolean interruptIgnored() {
    return signalMask(Path.of("/proc/self/status"), "SigIgn:").map(mask -> (mask & SIGINT_MASK) != 0).orElse(false);
  }

  private static Optional<Long> signalMask(Path status, String field) {
    try {
      for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
        if (line.startsWith(field)) {
          return Optional.of(Long.parseUnsignedLong(line.substring(field.length()).trim(), 16));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux, or the process just went: the attach itself will say what is wrong
    }
    return Optional.empty();
  }

  private static String commandName(Path proc) {
    try {
      return " (" + Files.readString(proc.resolve("comm"), StandardCharsets.UTF_8).strip() + ")";
    } catch (IOException e) {
      return "";
    }
  }
}
