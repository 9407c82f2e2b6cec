package dev.eddy.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.eddy.peer.merkle.HashFunction;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The tree-hashing comparison by CPU time, for a machine shared with other work: wall-clock JMH figures
 * swing with the load, while the CPU time a single-threaded workload spends on its own thread barely does.
 * Runs the workloads of {@link TreeHashBenchmark} interleaved (raw, per-chunk, tree, tree, raw, ...) so
 * drifting load hits all alike, and prints medians.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.eddy.bench.TreeHashCpuTime [ROUNDS]}
 */
public final class TreeHashCpuTime {
  private static final int CHUNK_SIZE = 1024;

  private interface Workload {
    void run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    HashWorkloads workloads = new HashWorkloads();
    Path file = workloads.contentFile();
    int processors = Runtime.getRuntime().availableProcessors();
    System.out.printf(Locale.ROOT, "%-8s %-22s %12s %12s %12s %14s%n",
        "hash", "workload", "wall MB/s", "thread-CPU", "process-CPU", "% of raw (CPU)");
    for (HashFunction function : new HashFunction[] {HashFunction.SHA1, HashFunction.SHA256}) {
      String[] names = {"rawDigest", "chunkDigests", "merkleTreeOneThread", "merkleTree(" + processors + " thr)"};
      Workload[] runs = {
        () -> workloads.rawDigest(file, function),
        () -> workloads.chunkDigests(file, function, CHUNK_SIZE),
        () -> workloads.merkleTree(file, function, CHUNK_SIZE, 1),
        () -> workloads.merkleTree(file, function, CHUNK_SIZE, processors)
      };
      List<List<long[]>> samples = new ArrayList<>();
      for (int w = 0; w < runs.length; w++) {
        samples.add(new ArrayList<>());
        runs[w].run(); // warm-up: JIT and page cache
        runs[w].run();
      }
      for (int round = 0; round < rounds; round++) {
        for (int w = 0; w < runs.length; w++) {
          samples.get(w).add(measure(runs[w]));
        }
      }
      double rawThreadCpu = median(samples.get(0), 1);
      for (int w = 0; w < runs.length; w++) {
        double wall = median(samples.get(w), 0);
        double threadCpu = median(samples.get(w), 1);
        double processCpu = median(samples.get(w), 2);
        System.out.printf(Locale.ROOT, "%-8s %-22s %12.0f %12.0f %12.0f %14s%n", function, names[w],
            mbPerSecond(wall), mbPerSecond(threadCpu), mbPerSecond(processCpu),
            w == 3 ? "(multi-thread)" : String.format(Locale.ROOT, "%.1f%%", 100 * rawThreadCpu / threadCpu));
      }
    }
  }

  /** {wall ns, this thread's CPU ns, the process's CPU ns} for one run. */
  private static long[] measure(Workload workload) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long wall = System.nanoTime();
    long thread = threads.getCurrentThreadCpuTime();
    long process = os.getProcessCpuTime();
    workload.run();
    return new long[] {
      System.nanoTime() - wall, threads.getCurrentThreadCpuTime() - thread, os.getProcessCpuTime() - process
    };
  }

  private static double median(List<long[]> samples, int field) {
    List<Long> values = new ArrayList<>();
    for (long[] sample : samples) {
      values.add(sample[field]);
    }
    Collections.sort(values);
    return values.get(values.size() / 2);
  }

  private static double mbPerSecond(double nanos) {
    return HashWorkloads.FILE_BYTES / 1e6 / (nanos / 1e9);
  }
}
