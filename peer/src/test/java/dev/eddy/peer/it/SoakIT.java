package dev.eddy.peer.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.peer.lab.Impairment;
import dev.eddy.peer.lab.ImpairmentRelay;
import dev.eddy.peer.lab.LossModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Soak: one long-lived seeder, the JVM under observation, and four downloader slots, each running {@code eddy
 * get} again and again (a new JVM every time) through an impairment relay of its own with 2% loss each way,
 * for {@code -Deddy.soak.minutes} (default 2, the CI run; the README gives the 30-minute command). Every
 * download must finish byte-exact. The seeder is measured at rest, once after a warm-up (class loading, JIT,
 * buffer pools) and once at the end, each time after the channels of the finished downloaders closed: live
 * heap after a full GC ({@code jcmd GC.class_histogram}), threads and open file descriptors must not grow,
 * and no {@code Channel} may outlive its downloader. Samples under load are printed and written to
 * {@code target/soak-samples.csv} for the record.
 *
 * <p>Every wait is bounded (downloads by their {@code --timeout}, jcmd and the wait for channels to close by
 * deadlines), so the run ends within a few minutes of its duration.
 */
class SoakIT {
  private static final double MINUTES = Double.parseDouble(System.getProperty("eddy.soak.minutes", "2"));
  private static final int SIZE = 2 << 20;
  private static final int SLOTS = 4;
  private static final double LOSS = 0.02;
  private static final Duration GET_TIMEOUT = Duration.ofSeconds(120);
  /** The seeder's dead-peer timeout (60 s) plus a keep-alive: a channel whose close handshake was lost is gone by then. */
  private static final Duration CHANNELS_CLOSE_WITHIN = Duration.ofSeconds(90);
  /** Allowed growth at rest: live heap by the larger of these, threads and descriptors by a few (JIT and GC threads come and go). */
  private static final double HEAP_GROWTH_SHARE = 0.10;
  private static final long HEAP_GROWTH_BYTES = 4L << 20;
  private static final int THREAD_SLACK = 2;
  private static final int FD_SLACK = 4;

  /** Kept when the test fails: the logs of the seeder and of the failed download are there. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir;

  /** One measurement of the seeder. */
  record Sample(double minute, String phase, long liveHeapBytes, long channels, int threads, int fds, long rssKiB, int downloads) {
    static final String CSV_HEADER = "minute,phase,live_heap_bytes,channels,threads,fds,rss_kib,downloads";

    String csv() {
      return String.format(Locale.ROOT, "%.2f,%s,%d,%d,%d,%d,%d,%d", minute, phase, liveHeapBytes, channels, threads, fds, rssKiB, downloads);
    }
  }

  /** A class histogram of the seeder: per class, instances and bytes; taken after a full GC. */
  record Histogram(long totalBytes, Map<String, long[]> classes) {
    long instances(String className) {
      long[] c = classes.get(className);
      return c == null ? 0 : c[0];
    }

    /** The classes whose bytes grew most since {@code before}, for a failure message. */
    String growthSince(Histogram before) {
      List<Map.Entry<String, long[]>> grown = new ArrayList<>(classes.entrySet());
      grown.removeIf(e -> e.getValue()[1] <= bytesOf(before, e.getKey()));
      grown.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1] - bytesOf(before, e.getKey())).reversed());
      StringBuilder out = new StringBuilder("classes grown most since the warm-up (instances, bytes):");
      for (Map.Entry<String, long[]> e : grown.subList(0, Math.min(15, grown.size()))) {
        long[] b = before.classes().getOrDefault(e.getKey(), new long[2]);
        out.append(String.format("%n  %s: %d -> %d, %d -> %d", e.getKey(), b[0], e.getValue()[0], b[1], e.getValue()[1]));
      }
      return out.toString();
    }

    /** Our classes ({@code dev.eddy.}) with at least {@code instances} more instances than {@code before}. */
    List<String> ourClassesGrownBy(Histogram before, long instances) {
      List<String> grown = new ArrayList<>();
      classes.forEach((name, c) -> {
        if (name.startsWith("dev.eddy.") && c[0] - before.instances(name) >= instances) {
          grown.add(name + ": " + before.instances(name) + " -> " + c[0]);
        }
      });
      return grown;
    }

    private static long bytesOf(Histogram h, String className) {
      long[] c = h.classes().get(className);
      return c == null ? 0 : c[1];
    }
  }

  private EddyProcess.Seeder seeder;
  private Path content;
  private List<String> jvmOptions;
  private final long startNs = System.nanoTime();
  private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger downloads = new AtomicInteger();
  private volatile boolean failed;

  @Test
  void aSeederServingLossyDownloadsOverAndOverDoesNotGrow() throws Exception {
    Duration total = Duration.ofMillis((long) (MINUTES * 60_000));
    Duration warmUp = Duration.ofMillis(Math.min(total.toMillis() / 4, Duration.ofMinutes(3).toMillis()));
    content = dir.resolve("content.bin");
    byte[] bytes = new byte[SIZE];
    new Random(7).nextBytes(bytes);
    Files.write(content, bytes);
    jvmOptions = launcherJvmOptions();
    seeder = EddyProcess.seed(dir, content, jvmOptions);
    System.out.println("soak: " + MINUTES + " minutes; logs in " + dir + " (kept if the test fails)");
    List<Slot> slots = new ArrayList<>();
    for (int i = 0; i < SLOTS; i++) {
      slots.add(new Slot(i));
    }
    try {
      runSlots(slots, warmUp);
      Histogram before = histogramAtRest();
      Sample first = sample("rest", before);
      closeRelays(slots);

      ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
      long everyMs = Math.max(10_000, total.toMillis() / 30);
      sampler.scheduleWithFixedDelay(() -> {
        if (!failed) {
          sample("load", histogram());
        }
      }, everyMs, everyMs, TimeUnit.MILLISECONDS);
      int warmUpDownloads = downloads.get();
      try {
        runSlots(slots, total.minus(warmUp));
      } finally {
        sampler.shutdownNow();
        sampler.awaitTermination(60, TimeUnit.SECONDS);
      }
      Histogram after = histogramAtRest();
      Sample last = sample("rest", after);
      closeRelays(slots);
      writeSamples();

      String report = "first at rest " + first + "\nlast at rest  " + last + "\n" + after.growthSince(before);
      int soaked = downloads.get() - warmUpDownloads;
      assertThat(soaked).as("downloads after the warm-up").isGreaterThanOrEqualTo(SLOTS);
      // Finer than the heap's total: anything of ours kept per download or per channel shows up here.
      assertThat(after.ourClassesGrownBy(before, Math.max(SLOTS, soaked / 2))).as("our classes with more instances at rest after %d downloads\n%s",
          soaked, report).isEmpty();
      assertThat(last.liveHeapBytes()).as("live heap after GC\n%s", report)
          .isLessThanOrEqualTo(first.liveHeapBytes() + Math.max(HEAP_GROWTH_BYTES, (long) (first.liveHeapBytes() * HEAP_GROWTH_SHARE)));
      assertThat(last.threads()).as("threads\n%s", report).isBetween(first.threads() - THREAD_SLACK, first.threads() + THREAD_SLACK);
      assertThat(last.fds()).as("open file descriptors\n%s", report).isBetween(first.fds() - FD_SLACK, first.fds() + FD_SLACK);
      String seederLog = seeder.process().err();
      assertThat(seederLog).as("the seeder's log: no warning, no error, no buffer leak (Netty's LEAK)")
          .doesNotContain(" WARN ", " ERROR ", "LEAK:");
    } finally {
      closeRelays(slots);
      seeder.close();
    }
  }

  // ---- downloaders ------------------------------------------------------------------------------------------

  /**
   * One downloader at a time, again and again, each a new {@code eddy get} JVM behind a new relay, so the seeder
   * meets a new address every time, as it would on the Internet.
   */
  private final class Slot {
    private final int index;
    private int runs;
    /** Kept open until the next download starts (or the seeder is at rest), so the last close handshake gets through. */
    private ImpairmentRelay relay;

    Slot(int index) {
      this.index = index;
    }

    void runUntil(long untilNs) throws Exception {
      while (System.nanoTime() < untilNs && !failed) {
        download();
      }
    }

    private void download() throws Exception {
      Impairment lossy = Impairment.NONE.withLoss(new LossModel.Independent(LOSS)).withSeed(index * 1_000_003L + runs++);
      ImpairmentRelay next = ImpairmentRelay.start(lossy, new InetSocketAddress("127.0.0.1", 0), address(seeder.address()));
      closeRelay();
      relay = next;
      Path out = dir.resolve("copy" + index + ".bin");
      InetSocketAddress via = next.address();
      try (EddyProcess get = EddyProcess.start(dir, jvmOptions, "get", seeder.swarmId(),
          "--peer", via.getAddress().getHostAddress() + ":" + via.getPort(),
          "--output", out.toString(), "--timeout", GET_TIMEOUT.toSeconds() + "s")) {
        int exit = get.waitFor(GET_TIMEOUT.toSeconds() + 60);
        assertThat(exit).as("download %d of slot %d: %s (its log: %s)", runs, index, get.lastErrLine(), get.stderr).isZero();
        assertThat(Files.mismatch(out, content)).as("download %d of slot %d is byte-exact", runs, index).isEqualTo(-1L);
        Files.delete(out);
        Files.delete(get.stdout);
        Files.delete(get.stderr);
      }
      downloads.incrementAndGet();
    }

    void closeRelay() {
      if (relay != null) {
        relay.close();
        relay = null;
      }
    }
  }

  /** Runs every slot for {@code length}; a failure in one stops the others and is thrown here. */
  private void runSlots(List<Slot> slots, Duration length) throws Exception {
    long untilNs = System.nanoTime() + length.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(slots.size());
    try {
      List<Future<?>> running = new ArrayList<>();
      for (Slot slot : slots) {
        running.add(pool.submit(() -> {
          try {
            slot.runUntil(untilNs);
          } catch (Exception | AssertionError e) {
            failed = true;
            throw e;
          }
          return null;
        }));
      }
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof AssertionError a) {
            throw a;
          }
          throw e;
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void closeRelays(List<Slot> slots) {
    slots.forEach(Slot::closeRelay);
  }

  // ---- measuring the seeder ---------------------------------------------------------------------------------

  /** Waits until the seeder has no channel left (every downloader has finished), then measures it. */
  private Histogram histogramAtRest() throws InterruptedException {
    long deadline = System.nanoTime() + CHANNELS_CLOSE_WITHIN.toNanos();
    while (true) {
      Histogram h = histogram();
      long live = h.instances("dev.eddy.peer.channel.Channel");
      if (live == 0) {
        return h;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(live + " Channel object(s) still live in the seeder " + CHANNELS_CLOSE_WITHIN.toSeconds()
            + " s after their downloaders finished: a channel the dead-peer timeout did not close, or a closed one still referenced");
      }
      Thread.sleep(1000);
    }
  }

  /** {@code jcmd PID GC.class_histogram}: a full GC, then what is live. */
  private Histogram histogram() {
    String text = jcmd("GC.class_histogram");
    Map<String, long[]> classes = new HashMap<>();
    long total = -1;
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && f[0].endsWith(":")) {
        classes.merge(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])}, (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
      } else if (f.length == 3 && f[0].equals("Total")) {
        total = Long.parseLong(f[2]);
      }
    }
    if (total < 0) {
      throw new AssertionError("no total in the seeder's class histogram:\n" + text);
    }
    return new Histogram(total, classes);
  }

  private Sample sample(String phase, Histogram h) {
    long pid = seeder.process().process.pid();
    Map<String, String> status = procStatus(pid);
    int fds;
    try (Stream<Path> open = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      fds = (int) open.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Sample s = new Sample((System.nanoTime() - startNs) / 60e9, phase, h.totalBytes(), h.instances("dev.eddy.peer.channel.Channel"),
        Integer.parseInt(status.get("Threads")), fds, Long.parseLong(status.get("VmRSS").replace("kB", "").trim()), downloads.get());
    samples.add(s);
    System.out.println("soak " + s.csv());
    return s;
  }

  private static Map<String, String> procStatus(long pid) {
    Map<String, String> out = new HashMap<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8)) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          out.put(line.substring(0, colon), line.substring(colon + 1).trim());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the seeder is gone", e);
    }
    return out;
  }

  private String jcmd(String command) {
    Process seederProcess = seeder.process().process;
    try {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          Long.toString(seederProcess.pid()), command).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !seederProcess.isAlive()) {
        p.destroyForcibly();
        throw new AssertionError("jcmd " + command + " failed (seeder alive: " + seederProcess.isAlive() + "): "
            + new String(out, StandardCharsets.UTF_8) + "\nseeder's log: " + seeder.process().err());
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private void writeSamples() throws IOException {
    List<String> lines = new ArrayList<>(List.of(Sample.CSV_HEADER));
    synchronized (samples) {
      samples.forEach(s -> lines.add(s.csv()));
    }
    Path file = Path.of("target", "soak-samples.csv");
    Files.createDirectories(file.getParent());
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  // ---- set-up -----------------------------------------------------------------------------------------------

  /** The options {@code bin/eddy} starts peers with (bin/jvm.options): the seeder runs as users run it. */
  private static List<String> launcherJvmOptions() throws IOException {
    Path file = Path.of(System.getProperty("eddy.root", "..")).resolve("bin/jvm.options");
    List<String> options = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String option = line.replaceAll("#.*", "").trim();
      if (!option.isEmpty()) {
        options.add(option);
      }
    }
    return options;
  }

  private static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }
}
