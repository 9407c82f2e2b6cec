package dev.eddy.agent.sink;

import dev.eddy.agent.render.Timestamps;
import dev.eddy.agent.session.AgentGuard;
import dev.eddy.agent.spec.SinkTarget;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The text outputs of one session behind a bounded queue. Traced threads only {@link #offer}, which never
 * waits for I/O: when the queue is full the line is dropped and counted. One writer thread does all I/O
 * and puts the timestamp in front of each line.
 *
 * <p>Lines come out in timestamp order across threads with no reorder window (its size is zero): the
 * timestamp is read while holding the queue's lock, so queue order is timestamp order. Timestamps are the
 * wall-clock time when the sink opened plus {@link System#nanoTime()} since, so they never go backwards.
 */
public final class TextSink {
  public static final int DEFAULT_CAPACITY = 8192;

  private record Line(long nanos, String text) {}

  private final int capacity;
  private final List<Writer> outputs;
  private final AtomicLong drops = new AtomicLong();
  private final Thread writer;
  private final ZoneId zone = ZoneId.systemDefault();
  private final long epochNanosAtOpen;
  private final long nanoTimeAtOpen;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  // Guarded by lock. The writer swaps the two deques, so it never holds the lock while writing.
  private ArrayDeque<Line> queue;
  private ArrayDeque<Line> spare;
  /** Set when the closing line is queued: a late line from a racing thread must not follow it. */
  private boolean closed;

  private TextSink(List<Writer> outputs, int capacity) {
    this.capacity = capacity;
    this.outputs = outputs;
    this.queue = new ArrayDeque<>(Math.min(capacity, 1024));
    this.spare = new ArrayDeque<>(Math.min(capacity, 1024));
    Instant now = Instant.now();
    this.nanoTimeAtOpen = System.nanoTime();
    this.epochNanosAtOpen = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    this.writer = new Thread(this::drain, "eddy-trace-writer");
    writer.setDaemon(true);
    Timestamps.format(now, zone); // loads what formatting needs before the first line
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

  /**
   * Queues {@code text}, to be written after its timestamp (now). Never waits for I/O; false (and one more
   * drop) when the queue is full or the sink already closed.
   */
  public boolean offer(String text) {
    lock.lock();
    try {
      if (!closed && queue.size() < capacity) {
        queue.addLast(new Line(System.nanoTime(), text));
        if (queue.size() == 1) {
          notEmpty.signal(); // the writer only waits on an empty queue
        }
        return true;
      }
    } finally {
      lock.unlock();
    }
    drops.incrementAndGet();
    return false;
  }

  /** Lines not written because the queue was full (or the sink closed). */
  public long drops() {
    return drops.get();
  }

  /** Writes the closing line after everything queued, then ends the writer; waits at most {@code wait}. */
  public void close(String closingLine, Duration wait) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      queue.addLast(new Line(System.nanoTime(), closingLine)); // always room for the last word
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
    try {
      writer.join(Math.max(1, wait.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void drain() {
    AgentGuard.enter(); // the writer's own I/O must never be reported, even when java.io is traced
    try {
      while (true) {
        ArrayDeque<Line> batch;
        boolean last;
        lock.lock();
        try {
          while (queue.isEmpty()) {
            notEmpty.await();
          }
          batch = queue;
          queue = spare;
          spare = batch;
          last = closed;
        } finally {
          lock.unlock();
        }
        // The deque the writer holds is touched by nobody else until the next swap, made by this thread.
        for (Line line : batch) {
          String stamp = Timestamps.format(instantOf(line.nanos()), zone);
          for (Writer w : outputs) {
            w.write(stamp);
            w.write(' ');
            w.write(line.text());
            w.write('\n');
          }
        }
        batch.clear();
        flush();
        if (last) {
          closeAll();
          return;
        }
      }
    } catch (InterruptedException e) {
      closeAll();
    } catch (IOException e) {
      System.err.println("eddy-trace: error: trace output failed, lines are lost: " + e);
      closeAll();
    }
  }

  private Instant instantOf(long nanoTime) {
    return Instant.ofEpochSecond(0, epochNanosAtOpen + (nanoTime - nanoTimeAtOpen));
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
    return new ConsoleWriter(stream);
  }

  /**
   * Hands the console stream whole lines only, in one {@code write} per chunk: the stream's lock then keeps
   * the application's own {@code println} from landing inside a trace line (an encoder's 8 KiB buffer
   * would cut lines anywhere).
   */
  private static final class ConsoleWriter extends Writer {
    private static final int CHUNK = 8192;
    private final PrintStream stream;
    private final StringBuilder pending = new StringBuilder();

    ConsoleWriter(PrintStream stream) {
      this.stream = stream;
    }

    @Override
    public void write(char[] chars, int off, int len) {
      pending.append(chars, off, len);
      if (len > 0 && chars[off + len - 1] == '\n' && pending.length() >= CHUNK) {
        emit();
      }
    }

    @Override
    public void flush() {
      emit();
      stream.flush();
    }

    @Override
    public void close() {
      flush();
    }

    private void emit() {
      if (pending.length() > 0) {
        byte[] bytes = pending.toString().getBytes(StandardCharsets.UTF_8);
        pending.setLength(0);
        stream.write(bytes, 0, bytes.length);
      }
    }
  }
}
