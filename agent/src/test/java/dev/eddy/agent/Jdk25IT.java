package dev.eddy.agent;

import static dev.eddy.agent.it.TargetJvm.awaitFileLine;
import static dev.eddy.agent.it.TargetJvm.matching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eddy.agent.it.Paths;
import dev.eddy.agent.it.TargetJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The agent (built for 17) loaded by JDK 25's jcmd into a JDK 25 target, with and without the opt-in flag. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class Jdk25IT {
  private static final String WORK = "dev.eddy.tracetest.Work";
  private static final String CALL = "\\d\\d:\\d\\d:\\d\\d\\.\\d{6} \\[[^]]+\\] ";
  private static final String WARNING = "WARNING: A Java agent has been loaded dynamically";

  @TempDir Path dir;

  @Test
  void tracesAJdk25TargetAndTheDynamicLoadWarningDependsOnTheFlag() throws Exception {
    Path jdk25 = Paths.jdk25Home();
    assumeTrue(Files.isExecutable(jdk25.resolve("bin/jcmd")), "no JDK 25 at " + jdk25);
    try (TargetJvm target = TargetJvm.start(jdk25, List.of())) {
      Path log = dir.resolve("jdk25.log");
      target.loadAgent("trace:" + WORK + "#square,limit:2,return,sink:file:" + log);
      target.send("calls t25 3", "done t25");
      List<String> lines = awaitFileLine(log, "eddy-trace: stopped (");
      assertThat(matching(lines, CALL + WORK + "\\.square\\(\\d\\)")).hasSize(2);
      assertThat(target.awaitStderr(0, WARNING)).contains(WARNING);
    }
    try (TargetJvm target = TargetJvm.start(jdk25, List.of("-XX:+EnableDynamicAgentLoading"))) {
      Path log = dir.resolve("jdk25-flag.log");
      target.loadAgent("trace:" + WORK + "#square,limit:1,sink:file:" + log);
      target.send("calls t25 1", "done t25");
      awaitFileLine(log, "eddy-trace: stopped (");
      assertThat(target.stderr()).noneMatch(l -> l.contains(WARNING));
      // A refusal fails the load on JDK 25 too (jcmd's return code), and the agent stays usable.
      assertThat(target.refuseAgent("trace=" + WORK + "#square,limit=5")).contains("'trace' arrived without a value");
      target.loadAgent("status,sink:file:" + dir.resolve("status.log"));
      assertThat(Files.readString(dir.resolve("status.log"))).contains("status: no active session");
    }
  }
}
