package dev.eddy.bench.tracing;

import com.sun.tools.attach.VirtualMachine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost per call of {@link Small#add} in one fork per mode: never traced; traced by the Eddy agent into a
 * file (global scope, which walks the stack to find the caller, and the default, every call); after a
 * {@code limit:1} session tripped and the agent restored the bytecode; and, on JDK 25, traced by the JDK's
 * own {@code jdk.MethodTrace} event (what {@code jcmd JFR.start method-trace=…} turns on).
 * The agent is loaded the way jcmd does it, through the attach API, into the benchmark's own JVM.
 * Agent jar: {@code -Deddy.agentJar} (default {@code agent/target/eddy-agent.jar}, run from the repo root).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Djdk.attach.allowAttachSelf=true", "-XX:+EnableDynamicAgentLoading"})
public class AgentTraceBenchmark {
  private static final String METHOD = "dev.eddy.bench.tracing.Small";

  @Param({"untraced", "traced", "tracedLocal", "restored"})
  public String mode;

  private int a = 1;
  private int b = 2;
  private Path sink;
  private Recording recording;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    sink = Files.createTempFile("eddy-bench-trace", ".log");
    switch (mode) {
      case "untraced" -> { }
      case "traced" -> load("trace:" + METHOD + "#add,scope:global,limit:" + Long.MAX_VALUE + ",time:1h,sink:file:" + sink);
      case "tracedLocal" ->
          load("trace:" + METHOD + "#add,scope:local,limit:" + Long.MAX_VALUE + ",time:1h,sink:file:" + sink);
      case "restored" -> {
        load("trace:" + METHOD + "#add,limit:1,sink:file:" + sink);
        Small.add(a, b);
        awaitLine("eddy-trace: stopped (limit of 1 calls reached)");
      }
      case "jfrMethodTrace" -> {
        recording = new Recording(Configuration.getConfiguration("default"));
        recording.enable("jdk.MethodTrace").with("filter", METHOD + "::add");
        recording.setToDisk(true);
        recording.start();
      }
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (mode.startsWith("traced")) {
      load("clear");
      List<String> lines = awaitLine("eddy-trace: stopped (");
      System.out.println("\n" + mode + ": " + lines.get(lines.size() - 1));
    }
    if (recording != null) {
      recording.stop();
      recording.close();
    }
    Files.deleteIfExists(sink);
  }

  @Benchmark
  public int call() {
    return Small.add(a, b);
  }

  private static void load(String spec) throws Exception {
    String jar = Path.of(System.getProperty("eddy.agentJar", "agent/target/eddy-agent.jar")).toAbsolutePath().toString();
    VirtualMachine self = VirtualMachine.attach(Long.toString(ProcessHandle.current().pid()));
    try {
      self.loadAgent(jar, spec);
    } finally {
      self.detach();
    }
  }

  private List<String> awaitLine(String marker) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      // The traced sink can be large; only its tail matters.
      List<String> lines = tail(sink);
      if (lines.stream().anyMatch(l -> l.contains(marker))) {
        return lines;
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("no '" + marker + "' in " + sink);
  }

  private static List<String> tail(Path file) throws Exception {
    try (var ch = java.nio.channels.FileChannel.open(file)) {
      long size = ch.size();
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) Math.min(size, 64 * 1024));
      ch.read(buf, size - buf.capacity());
      return List.of(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).split("\n"));
    }
  }
}
