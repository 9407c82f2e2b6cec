package dev.eddy.agent.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.agent.spec.SinkTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextSinkTest {
  @TempDir Path dir;

  @Test
  void writesEveryLineThenTheClosingLine() throws Exception {
    Path file = dir.resolve("t.log");
    TextSink sink = TextSink.open(List.of(new SinkTarget.File(file)), 16);
    assertThat(sink.offer("one")).isTrue();
    assertThat(sink.offer("two")).isTrue();
    sink.close("closing", Duration.ofSeconds(5));
    assertThat(Files.readAllLines(file)).containsExactly("one", "two", "closing");
    assertThat(sink.drops()).isZero();
  }

  @Test
  void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
    Path file = dir.resolve("full.log");
    TextSink sink = TextSink.open(List.of(new SinkTarget.File(file)), 4);
    long offered = 0;
    long start = System.nanoTime();
    // Far more lines than the queue holds, offered faster than the writer can empty it.
    for (int i = 0; i < 200_000; i++) {
      sink.offer("line " + i);
      offered++;
    }
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    sink.close("closing", Duration.ofSeconds(10));
    List<String> written = Files.readAllLines(file);
    assertThat(sink.drops()).isPositive();
    assertThat(written.size() - 1 + sink.drops()).isEqualTo(offered);
    assertThat(written.get(written.size() - 1)).isEqualTo("closing");
    assertThat(tookMs).as("offer never blocks").isLessThan(10_000);
  }
}
