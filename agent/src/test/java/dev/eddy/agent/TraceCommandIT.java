package dev.eddy.agent;

import static dev.eddy.agent.it.TargetJvm.matching;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.agent.it.Paths;
import dev.eddy.agent.it.TargetJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** {@code eddy trace PID SPEC}: the attach client streams the lines back and clears on Ctrl-C. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TraceCommandIT {
  private static final String WORK = "dev.eddy.tracetest.Work";
  private static final String CALL = "\\d\\d:\\d\\d:\\d\\d\\.\\d{6} \\[[^]]+\\] ";
  private TargetJvm target;

  @BeforeAll
  void startTarget() throws Exception {
    target = TargetJvm.start(List.of());
  }

  @AfterAll
  void stopTarget() throws Exception {
    target.close();
  }

  private Process traceCommand(String... args) throws IOException {
    return traceCommand(false, args);
  }

  private Process traceCommand(boolean mergeStderr, String... args) throws IOException {
    return traceCommand(List.of(), mergeStderr, args);
  }

  /** {@code launcher} goes in front of the java command, to set what the client inherits. */
  private Process traceCommand(List<String> launcher, boolean mergeStderr, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(launcher);
    cmd.addAll(List.of(Paths.currentJavaHome().resolve("bin/java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", Paths.agentJar().toString(), "dev.eddy.agent.attach.TraceCommand"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(mergeStderr).start();
  }

  /**
   * A user's Ctrl-C reaches a client whose SIGINT is at its default, but a child inherits an ignored SIGINT,
   * and a build that a script started with {@code &} has one: the client would never see the signal.
   */
  private static final List<String> SIGINT_DEFAULT = List.of("env", "--default-signal=INT");

  private static void signal(String name, long pid) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor()).isZero();
  }

  /** The process's output lines, collected as they come. */
  private static List<String> linesOf(Process p) {
    List<String> seen = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> p.inputReader(StandardCharsets.UTF_8).lines().forEach(seen::add));
    reader.setDaemon(true);
    reader.start();
    return seen;
  }

  private static void awaitLine(List<String> seen, String part) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (seen.stream().noneMatch(l -> l.contains(part)) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(seen).as("a line with '%s'", part).anyMatch(l -> l.contains(part));
  }

  private static String outputOf(Process p) throws Exception {
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  @Test
  void streamsTheTraceBackUntilTheSessionEnds() throws Exception {
    target.send("hot 1", "hot 1");
    try {
      Process p = traceCommand(Long.toString(target.pid()), "trace:" + WORK + "#square,limit:5,return");
      List<String> lines = outputOf(p).lines().toList();
      assertThat(p.exitValue()).isZero();
      assertThat(matching(lines, CALL + WORK + "\\.square\\(\\d+\\)")).hasSize(5);
      assertThat(matching(lines, CALL + WORK + "\\.square/1 --> \\d+ \\(\\d+ µs\\)")).hasSize(5);
      assertThat(lines.get(lines.size() - 1)).contains("eddy-trace: stopped (limit of 5 calls reached)");
    } finally {
      target.send("stop", "stopped");
    }
  }

  @Test
  void aBadSpecIsOneLineAndANonZeroExit() throws Exception {
    Process p = traceCommand(Long.toString(target.pid()), "trace:**");
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(err.lines().toList()).hasSize(1);
    assertThat(err).startsWith("eddy trace: pattern '**' would trace every class");
  }

  @Test
  void interruptingTheClientClearsTheTraceInTheTarget() throws Exception {
    Process p = traceCommand(SIGINT_DEFAULT, true, Long.toString(target.pid()), "trace:" + WORK + "#rare,time:60s");
    List<String> seen = linesOf(p);
    awaitLine(seen, "eddy-trace: started");
    // Ctrl-C is SIGINT to the client. (Process.destroy would also close our end of its stdout.)
    signal("INT", p.pid());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    awaitLine(seen, "eddy-trace: stopped (cleared)");
    assertThat(seen).noneMatch(l -> l.contains("ignores SIGINT"));
    Matcher sink = Pattern.compile("sink:file:([^,]+)").matcher(
        seen.stream().filter(l -> l.contains("eddy-trace: started")).findFirst().orElseThrow());
    assertThat(sink.find()).isTrue();
    assertThat(Path.of(sink.group(1))).as("the client's temporary file").doesNotExist();

    Process status = traceCommand(Long.toString(target.pid()), "status");
    String out = outputOf(status);
    assertThat(status.exitValue()).isZero();
    assertThat(out).contains("eddy-trace: status: no active session").contains("instrumented classes (0): none");
  }

  @Test
  void aTargetThatDoesNotAnswerTheClearDoesNotHoldTheClientBack() throws Exception {
    try (TargetJvm frozen = TargetJvm.start(List.of())) {
      String spec = "trace:" + WORK + "#rare,time:60s";
      // Stopped mid-trace: its attach listener takes the clear but cannot answer.
      Process p = traceCommand(SIGINT_DEFAULT, true, Long.toString(frozen.pid()), spec);
      List<String> seen = linesOf(p);
      awaitLine(seen, "eddy-trace: tracing");
      signal("STOP", frozen.pid());
      try {
        interruptAndAwaitGivingUp(frozen, p, seen);
      } finally {
        signal("CONT", frozen.pid());
      }
      // The clear was left in the target's socket: once it runs again, it ends the session.
      frozen.awaitStderr(0, "eddy-trace: cleared: ");
      assertNoActiveSession(frozen);

      // Stopped before it took the trace: the clear queues behind the start, so that session ends as well.
      int from = frozen.stderrSize();
      signal("STOP", frozen.pid());
      try {
        Process q = traceCommand(SIGINT_DEFAULT, true, Long.toString(frozen.pid()), spec);
        List<String> seenByQ = linesOf(q);
        awaitLoading(q);
        interruptAndAwaitGivingUp(frozen, q, seenByQ);
      } finally {
        signal("CONT", frozen.pid());
      }
      frozen.awaitStderr(from, "eddy-trace: cleared: trace:"); // not "nothing to clear": it had started
      assertNoActiveSession(frozen);
    }
  }

  /** Ctrl-C to {@code client} while {@code target} is stopped: the attach API alone would wait for ever. */
  private static void interruptAndAwaitGivingUp(TargetJvm target, Process client, List<String> seen) throws Exception {
    try {
      signal("INT", client.pid());
      assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();
      awaitLine(seen, "eddy trace: pid " + target.pid() + " did not answer the clear in 5 s");
    } finally {
      client.destroyForcibly();
    }
  }

  /** Waits until the client's main thread waits for the target to answer the load (seen by jcmd). */
  private static void awaitLoading(Process client) throws Exception {
    String jcmd = Paths.currentJavaHome().resolve("bin/jcmd").toString();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String dump = "";
    while (!dump.contains("HotSpotVirtualMachine.loadAgent") && System.nanoTime() < deadline) {
      Process p = new ProcessBuilder(jcmd, Long.toString(client.pid()), "Thread.print").redirectErrorStream(true).start();
      dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
    }
    assertThat(dump).contains("HotSpotVirtualMachine.loadAgent");
  }

  private void assertNoActiveSession(TargetJvm jvm) throws Exception {
    Process status = traceCommand(Long.toString(jvm.pid()), "status");
    assertThat(outputOf(status)).contains("eddy-trace: status: no active session");
  }

  @Test
  void aClientThatCannotSeeCtrlCSaysSo() throws Exception {
    List<String> ignoringSigint = List.of("sh", "-c", "trap '' INT; exec \"$0\" \"$@\"");
    Process p = traceCommand(ignoringSigint, true, Long.toString(target.pid()), "trace:" + WORK + "#rare,time:1s");
    String out = outputOf(p);
    assertThat(p.exitValue()).isZero();
    assertThat(out).contains("eddy trace: this process ignores SIGINT (started in the background by a script?), so"
        + " Ctrl-C cannot clear the trace: it ends at its bounds, or with: eddy trace " + target.pid() + " clear")
        .contains("eddy-trace: stopped (time");
  }

  @Test
  void aSpecTheAgentRefusesFailsTheCommandWithTheAgentsReason() throws Exception {
    int from = target.stderrSize();
    Process p = traceCommand(true, Long.toString(target.pid()), "trace:" + WORK + "#square,when:arg5>1");
    String out = outputOf(p);
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(out).contains("eddy-trace: error: condition 'arg5>1', at position 1: arg5 does not exist")
        .contains("eddy trace: the agent refused the command");
    assertThat(target.awaitStderr(from, "eddy-trace: error:")).contains("arg5 does not exist");
  }

  @Test
  void aProcessThatIsNotAJvmIsNamedAtOnceAndLeftAlone() throws Exception {
    // A child of this JVM gets SIGQUIT's default action, which kills: the attach API's signal would end it.
    Process sleeper = new ProcessBuilder("sleep", "120").start();
    try {
      Process p = traceCommand(Long.toString(sleeper.pid()), "trace:" + WORK + "#square");
      // The attach API would give up only after 10.5 s.
      assertThat(p.waitFor(8, TimeUnit.SECONDS)).isTrue();
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).isEqualTo(2);
      assertThat(err).startsWith("eddy trace: pid " + sleeper.pid() + " (sleep) is not a JVM that can be attached to");
      assertThat(sleeper.isAlive()).isTrue();
    } finally {
      sleeper.destroyForcibly();
    }
  }

  @Test
  void aTargetThatExitsMidTraceMakesANonZeroExit() throws Exception {
    assertDyingTargetFailsTheCommand(TargetJvm::close, "eddy-trace: stopped (JVM exiting)");
  }

  @Test
  void aTargetKilledMidTraceMakesANonZeroExit() throws Exception {
    assertDyingTargetFailsTheCommand(t -> ProcessHandle.of(t.pid()).ifPresent(ProcessHandle::destroyForcibly), null);
  }

  private interface Ending {
    void end(TargetJvm target) throws Exception;
  }

  private void assertDyingTargetFailsTheCommand(Ending ending, String closingLine) throws Exception {
    try (TargetJvm doomed = TargetJvm.start(List.of())) {
      Process p = traceCommand(true, Long.toString(doomed.pid()), "trace:" + WORK + "#rare,time:60s");
      List<String> seen = linesOf(p);
      awaitLine(seen, "eddy-trace: tracing");
      ending.end(doomed);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isEqualTo(1);
      awaitLine(seen, "eddy trace: the target JVM exited during the trace");
      if (closingLine != null) {
        awaitLine(seen, closingLine);
      }
    }
  }

  @Test
  void aMissingArgumentIsOneLineToo() throws Exception {
    Process p = traceCommand(Long.toString(target.pid()));
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(err.lines().toList()).hasSize(1);
    assertThat(err).startsWith("eddy trace: Missing required parameter: 'SPEC'");
  }

  @Test
  void helpShowsAnExample() throws Exception {
    Process p = traceCommand("--help");
    String out = outputOf(p);
    assertThat(p.exitValue()).isZero();
    assertThat(out).contains("Usage: eddy trace");
    // Whole, as eddy's other commands print theirs: a wrapped example does not paste.
    assertThat(out.lines()).contains("  eddy trace 12345 'trace:dev.eddy.peer.wire.**#decode*,limit:100,time:10s,return,stack:5'");
  }
}
