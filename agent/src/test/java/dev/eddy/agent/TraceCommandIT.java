package dev.eddy.agent;

import static dev.eddy.agent.it.TargetJvm.matching;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.agent.it.Paths;
import dev.eddy.agent.it.TargetJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
    List<String> cmd = new ArrayList<>(List.of(Paths.currentJavaHome().resolve("bin/java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", Paths.agentJar().toString(), "dev.eddy.agent.attach.TraceCommand"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(mergeStderr).start();
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
    Process p = traceCommand(true, Long.toString(target.pid()), "trace:" + WORK + "#rare,time:60s");
    List<String> seen = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> p.inputReader(StandardCharsets.UTF_8).lines().forEach(seen::add));
    reader.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (seen.stream().noneMatch(l -> l.contains("eddy-trace: started")) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    // Ctrl-C is SIGINT to the client. (Process.destroy would also close our end of its stdout.)
    assertThat(new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor()).isZero();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    reader.join(10_000);
    assertThat(seen).anyMatch(l -> l.contains("eddy-trace: stopped (cleared)"));

    Process status = traceCommand(Long.toString(target.pid()), "status");
    String out = outputOf(status);
    assertThat(status.exitValue()).isZero();
    assertThat(out).contains("eddy-trace: status: no active session").contains("instrumented classes (0): none");
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
      List<String> seen = new CopyOnWriteArrayList<>();
      Thread reader = new Thread(() -> p.inputReader(StandardCharsets.UTF_8).lines().forEach(seen::add));
      reader.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (seen.stream().noneMatch(l -> l.contains("eddy-trace: tracing")) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(seen).anyMatch(l -> l.contains("eddy-trace: tracing"));
      ending.end(doomed);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join(10_000);
      assertThat(p.exitValue()).isEqualTo(1);
      assertThat(seen).contains("eddy trace: the target JVM exited during the trace");
      if (closingLine != null) {
        assertThat(seen).anyMatch(l -> l.contains(closingLine));
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
