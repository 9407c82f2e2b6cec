package dev.eddy.tracetest;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/**
 * The child JVM the agent tests trace. Reads one command per line on stdin and answers on stdout, so a
 * test decides exactly which calls happen and when. Worker threads check every result against the
 * untraced expectation and count mismatches.
 */
public final class TraceTarget {
  private static final AtomicBoolean hotRunning = new AtomicBoolean();
  private static final AtomicLong mismatches = new AtomicLong();
  private static final AtomicLong hotCalls = new AtomicLong();
  private static final List<Thread> hotThreads = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    say("ready");
    String line;
    while ((line = in.readLine()) != null) {
      String[] cmd = line.trim().split(" ");
      switch (cmd[0]) {
        case "hot" -> startHot(Integer.parseInt(cmd[1]));
        case "tick" -> startTicker(Long.parseLong(cmd[1]));
        case "stop" -> stopHot();
        case "calls" -> runNamed(cmd[1], Integer.parseInt(cmd[2]));
        case "scope" -> {
          Work w = new Work();
          say("scope " + w.outer(3) + " " + w.inner(5));
        }
        case "fail" -> {
          for (int i = 0; i < Integer.parseInt(cmd[1]); i++) {
            checkFail(i);
          }
          say("failed mismatches=" + mismatches.get());
        }
        case "self" -> say("self calls=" + SelfCaller.run(Integer.parseInt(cmd[1]), Integer.parseInt(cmd[2])));
        case "guarded" -> say("guarded thrown=" + Guarded.run());
        case "grumpy" -> say("grumpy " + Work.describe(new Work.Grumpy()));
        case "jdk" -> {
          CRC32 crc = new CRC32();
          crc.update(new byte[] {1, 2, 3});
          say("jdk " + crc.getValue());
        }
        case "bytebuddy" -> say("bytebuddy " + OwnByteBuddy.greet());
        case "chatter" -> { // the application's own stdout, busy while the trace writes there too
          for (int i = 0; i < Integer.parseInt(cmd[1]); i++) {
            System.out.println("chatter " + i + " " + Work.square(i));
          }
          say("chattered");
        }
        case "exit" -> {
          stopHot();
          say("bye");
          System.exit(0);
        }
        default -> say("unknown " + line);
      }
    }
  }

  private static void startHot(int threads) {
    hotRunning.set(true);
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(() -> {
        long i = 0;
        while (hotRunning.get()) {
          i++;
          if (Work.square(i) != i * i) {
            mismatches.incrementAndGet();
          }
          hotCalls.incrementAndGet();
        }
      }, "hot-" + t);
      thread.start();
      hotThreads.add(thread);
    }
    say("hot " + threads);
  }

  /** One thread named ticker calling {@link Work#square} every {@code periodMs}: a calm target for demos. */
  private static void startTicker(long periodMs) {
    hotRunning.set(true);
    Thread thread = new Thread(() -> {
      long i = 0;
      while (hotRunning.get()) {
        i++;
        if (Work.square(i) != i * i) {
          mismatches.incrementAndGet();
        }
        try {
          Thread.sleep(periodMs);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "ticker");
    thread.start();
    hotThreads.add(thread);
    say("tick " + periodMs);
  }

  private static void stopHot() throws InterruptedException {
    hotRunning.set(false);
    for (Thread t : hotThreads) {
      t.join();
    }
    hotThreads.clear();
    say("stopped calls=" + hotCalls.get() + " mismatches=" + mismatches.get());
  }

  private static void runNamed(String name, int calls) throws InterruptedException {
    Thread t = new Thread(() -> {
      for (int i = 1; i <= calls; i++) {
        if (Work.square(i) != (long) i * i) {
          mismatches.incrementAndGet();
        }
      }
    }, name);
    t.start();
    t.join();
    say("done " + name);
  }

  private static void checkFail(long x) {
    try {
      Work.fail(x);
      mismatches.incrementAndGet();
    } catch (IllegalStateException e) {
      if (!e.getMessage().equals("bad " + x)) {
        mismatches.incrementAndGet();
      }
    } catch (RuntimeException e) {
      mismatches.incrementAndGet();
    }
  }

  private static synchronized void say(String message) {
    System.out.println(message);
    System.out.flush();
  }
}
