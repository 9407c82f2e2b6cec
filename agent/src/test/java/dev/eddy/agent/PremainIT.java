package dev.eddy.agent;

import static dev.eddy.agent.it.TargetJvm.awaitFileLine;
import static dev.eddy.agent.it.TargetJvm.matching;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.agent.it.Paths;
import dev.eddy.agent.it.TargetJvm;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code -javaagent:eddy-agent.jar=SPEC} (the {@code =} form, verbatim), then jcmd loads into the same agent. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PremainIT {
  private static final String WORK = "dev.eddy.tracetest.Work";
  private static final String CALL = "\\d\\d:\\d\\d:\\d\\d\\.\\d{6} \\[[^]]+\\] ";

  @TempDir Path dir;

  @Test
  void premainTracesThenJcmdReconfiguresTheSameAgentAndJfrGetsEvents() throws Exception {
    Path log = dir.resolve("premain.log");
    String spec = "trace=" + WORK + "#square,limit=3,return,sink=file:" + log;
    try (TargetJvm target = TargetJvm.start(List.of("-javaagent:" + Paths.agentJar() + "=" + spec))) {
      target.send("calls first 5", "done first");
      List<String> lines = awaitFileLine(log, "eddy-trace: stopped (");
      assertThat(matching(lines, CALL + WORK + "\\.square\\(\\d\\)")).hasSize(3);
      assertThat(matching(lines, CALL + WORK + "\\.square/1 --> [149] \\(\\d+ µs\\)")).hasSize(3);

      Path recording = dir.resolve("trace.jfr");
      assertThat(target.jcmd("JFR.start", "name=eddy")).contains("Started recording");
      Path second = dir.resolve("second.log");
      target.loadAgent("trace:" + WORK + "#square,limit:4,return,sink:jfr;file:" + second);
      target.send("calls second 6", "done second");
      awaitFileLine(second, "eddy-trace: stopped (");
      assertThat(target.jcmd("JFR.dump", "name=eddy", "filename=" + recording)).contains("Dumped recording");

      List<RecordedEvent> calls = RecordingFile.readAllEvents(recording).stream()
          .filter(e -> e.getEventType().getName().equals("dev.eddy.trace.MethodCall"))
          .toList();
      assertThat(calls).hasSize(4);
      assertThat(calls).allSatisfy(e -> {
        assertThat(e.getString("declaringClass")).isEqualTo(WORK);
        assertThat(e.getString("method")).isEqualTo("square");
        assertThat(e.getString("outcome")).isEqualTo("returned");
        assertThat(e.getThread().getJavaName()).isEqualTo("second");
      });
      assertThat(calls).extracting(e -> e.getString("result")).containsExactlyInAnyOrder("1", "4", "9", "16");

      List<RecordedEvent> sessions = RecordingFile.readAllEvents(recording).stream()
          .filter(e -> e.getEventType().getName().equals("dev.eddy.trace.Session"))
          .toList();
      assertThat(sessions).hasSize(1);
      RecordedEvent session = sessions.get(0);
      assertThat(session.getString("stopReason")).isEqualTo("limit of 4 calls reached");
      assertThat(session.getLong("callsReported")).isEqualTo(4);
      assertThat(session.getLong("linesDropped")).isZero();
      assertThat(session.getLong("callsSkippedByScope")).isZero();
      assertThat(session.getInt("classesInstrumented")).isEqualTo(1);

      Path third = dir.resolve("third.log");
      target.loadAgent("trace:" + WORK + "#square,mode:summary,interval:200ms,sink:jfr;file:" + third);
      target.send("calls third 6", "done third");
      target.loadAgent("clear");
      awaitFileLine(third, "eddy-trace: stopped (");
      Path summaries = dir.resolve("summary.jfr");
      assertThat(target.jcmd("JFR.dump", "name=eddy", "filename=" + summaries)).contains("Dumped recording");
      List<RecordedEvent> perInterval = RecordingFile.readAllEvents(summaries).stream()
          .filter(e -> e.getEventType().getName().equals("dev.eddy.trace.MethodSummary"))
          .toList();
      assertThat(perInterval).isNotEmpty().allSatisfy(e -> {
        assertThat(e.getString("method")).isEqualTo(WORK + ".square/1");
        assertThat(e.getDuration("max")).isPositive().isGreaterThanOrEqualTo(e.getDuration("p50"));
      });
      assertThat(perInterval.stream().mapToLong(e -> e.getLong("calls")).sum()).isEqualTo(6);
    }
  }
}
