package dev.eddy.agent.sink;

import dev.eddy.agent.session.AgentGuard;
import dev.eddy.agent.spec.SinkTarget;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The text outputs of one session behind a bounded queue. Traced threads only {@link #offer}, which never
 * blocks: when the queue is full the line is dropped and counted. One writer thread does all I/O.
 */
public final class TextSink {
  public static final int DEFAULT_CAPACITY = 8192;
  /** Marks the end of the stream; compared by identity. */
  private static final String END = new String("end of session");

  private final BlockingQueue<String> queue;
  private final List<Writer> outputs;
  private final AtomicLong drops = new AtomicLong();
  private final Thread writer;
  /** Set before the closing line is queued: a late line from a racing thread must not follow it. */
  private volatile boolean closed;

  private TextSink(List<Writer> outputs, int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.outputs = outputs;
    this.writer = new Thread(this::drain, "eddy-trace-writer");
    writer.setDaemon(true);
  }

  /** Opens every text target (files in append mode); jfr targets are not text and are skipped. */
  public static TextSink open(List<SinkTarget> targets, int capacity) throws IOException {
    List<Writer> outputs = new ArrayList<>();
    try {
      for (SinkTarget target : targets) {
        if (target instanceof SinkTarget.Stdout) {
          outputs.add(console(System.out));
        } else if (target instanceof SinkTarget.Stderr) {
          outputs.add(console(System.err));
        } else if (target instanceof SinkTarget.File file) {
          outputs.add(Files.newBufferedWriter(file.path(), StandardCharsets.UTF_8,
              StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE));
        }
      }
    } catch (IOException | RuntimeException e) {
      for (Writer w : outputs) {
        closeQuietly(w);
      }
      throw e;
    }
    TextSink sink = new TextSink(outputs, capacity);
    sink.writer.start();
    return sink;
  }

  public boolean isEmpty() {
    return outputs.isEmpty();
  }

  /** Never blocks; false (and one more drop) when the queue is full; false when already closed. */
  public boolean offer(String line) {
    if (closed) {
      return false;
    }
    if (queue.offer(line)) {
      return true;
    }
    drops.incrementAndGet();
    return false;
  }

  public long drops() {
    return drops.get();
  }

  /** Writes the closing line after everything queued, then ends the writer; waits at most {@code wait}. */
  public void close(String closingLine, Duration wait) {
    closed = true;
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      if (queue.offer(closingLine, wait.toNanos(), TimeUnit.NANOSECONDS)) {
        queue.offer(END, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
      writer.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void drain() {
    AgentGuard.enter(); // the writer's own I/O must never be reported, even when java.io is traced
    List<String> batch = new ArrayList<>();
    try {
      while (true) {
        batch.add(queue.take());
        queue.drainTo(batch);
        for (String line : batch) {
          if (line == END) {
            flush();
            closeAll();
            return;
          }
          for (Writer w : outputs) {
            w.write(line);
            w.write('\n');
          }
        }
        batch.clear();
        flush();
      }
    } catch (InterruptedException e) {
      closeAll();
    } catch (IOException e) {
      System.err.println("eddy-trace: error: trace output failed, lines are lost: " + e);
      closeAll();
    }
  }

  private void flush() throws IOException {
    for (Writer w : outputs) {
      w.flush();
    }
  }

  private void closeAll() {
    for (Writer w : outputs) {
      closeQuietly(w);
    }
  }

  private static void closeQuietly(Writer w) {
    try {
      w.close();
    } catch (IOException e) {
      // closing is best effort; the lines were flushed before
    }
  }

  /** A writer over the console stream that flushes but never closes it. */
  private static Writer console(PrintStream stream) {
    return new OutputStreamWriter(stream, StandardCharsets.UTF_8) {
      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }
}
