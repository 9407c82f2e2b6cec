package dev.eddy.agent.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.agent.spec.SinkTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextSinkTest {
  private static final String STAMP = "\\d\\d:\\d\\d:\\d\\d\\.\\d{6} ";

  @TempDir Path dir;

  @Test
  void writesEveryLineAfterItsTimestampThenTheClosingLine() throws Exception {
    Path file = dir.resolve("t.log");
    TextSink sink = TextSink.open(List.of(new SinkTarget.File(file)), 16);
    assertThat(sink.offer("one")).isTrue();
    assertThat(sink.offer("two\n    continued")).isTrue();
    sink.close("closing", Duration.ofSeconds(5));
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).matches(STAMP + "one");
    assertThat(lines.get(1)).matches(STAMP + "two");
    assertThat(lines.get(2)).isEqualTo("    continued");
    assertThat(lines.get(3)).matches(STAMP + "closing");
    assertThat(sink.drops()).isZero();
    assertThat(sink.offer("late")).as("a line after the closing line").isFalse();
  }

  @Test
  void linesFromManyThreadsComeOutInTimestampOrder() throws Exception {
    Path file = dir.resolve("order.log");
    TextSink sink = TextSink.open(List.of(new SinkTarget.File(file)), 1 << 20);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int id = t;
      Thread thread = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < 20_000; i++) {
          sink.offer("t" + id + " " + i);
        }
      });
      thread.start();
      threads.add(thread);
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    sink.close("closing", Duration.ofSeconds(10));
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(8 * 20_000 + 1);
    assertThat(lines).extracting(l -> l.substring(0, 15)).isSorted();
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
    assertThat(written.get(written.size() - 1)).matches(STAMP + "closing");
    assertThat(tookMs).as("offer never blocks").isLessThan(10_000);
  }
}
