package dev.eddy.bench.tracing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Latency of tracing a running JVM from jcmd: for the Eddy agent, from the start of
 * {@code jcmd PID JVMTI.agent_load} to the first reported call and to the closing line (bytecode restored
 * after {@code limit:1000}); for JDK 25's {@code jcmd PID JFR.start method-trace=…}, to the first
 * {@code jdk.MethodTrace} event, and how long {@code JFR.stop} takes. The target is {@link HotLoop}.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.eddy.bench.tracing.AgentLatency JAVA_HOME AGENT_JAR ROUNDS}
 */
public final class AgentLatency {
  private static final String METHOD = "dev.eddy.bench.tracing.Small";

  private AgentLatency() {}

  public static void main(String[] args) throws Exception {
    Path javaHome = Path.of(args[0]);
    Path agentJar = Path.of(args[1]).toAbsolutePath();
    int rounds = Integer.parseInt(args[2]);
    String classPath = Path.of(AgentLatency.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    Process target = new ProcessBuilder(javaHome.resolve("bin/java").toString(), "-XX:+EnableDynamicAgentLoading",
        "-cp", classPath, HotLoop.class.getName()).redirectErrorStream(true).start();
    try {
      new String(target.getInputStream().readNBytes("ready\n".length()), StandardCharsets.UTF_8);
      Thread.sleep(1000); // let the loop reach compiled code
      System.out.println("| round | jcmd VM.version (baseline) | agent_load returned | first call reported | bytecode restored (limit 1000) |");
      System.out.println("|---|---|---|---|---|");
      for (int round = 1; round <= rounds; round++) {
        Instant b0 = Instant.now();
        jcmd(javaHome, target.pid(), "VM.version");
        Duration baseline = Duration.between(b0, Instant.now());
        Path sink = Files.createTempFile("eddy-latency", ".log");
        Instant t0 = Instant.now();
        jcmd(javaHome, target.pid(), "JVMTI.agent_load", agentJar.toString(),
            "trace:" + METHOD + "#add,limit:1000,sink:file:" + sink);
        Duration returned = Duration.between(t0, Instant.now());
        Instant first = lineTime(sink, " [");
        Instant restored = lineTime(sink, "eddy-trace: stopped (");
        System.out.printf("| %d | %d ms | %d ms | %d ms | %d ms |%n", round, baseline.toMillis(), returned.toMillis(),
            Duration.between(t0, first).toMillis(), Duration.between(t0, restored).toMillis());
        Files.delete(sink);
      }
      if (Runtime.version().feature() >= 25) {
        jfrMethodTrace(javaHome, target.pid(), rounds);
      }
    } finally {
      target.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static void jfrMethodTrace(Path javaHome, long pid, int rounds) throws Exception {
    System.out.println();
    System.out.println("| round | JFR.start method-trace returned | first jdk.MethodTrace event | JFR.stop took | events in 1 s |");
    System.out.println("|---|---|---|---|---|");
    for (int round = 1; round <= rounds; round++) {
      Path file = Files.createTempFile("eddy-latency", ".jfr");
      Instant t0 = Instant.now();
      jcmd(javaHome, pid, "JFR.start", "name=mt" + round, "method-trace=" + METHOD + "::add");
      Duration returned = Duration.between(t0, Instant.now());
      Thread.sleep(1000);
      jcmd(javaHome, pid, "JFR.dump", "name=mt" + round, "filename=" + file);
      Instant stopAt = Instant.now();
      jcmd(javaHome, pid, "JFR.stop", "name=mt" + round);
      Duration stop = Duration.between(stopAt, Instant.now());
      List<RecordedEvent> events = new ArrayList<>();
      for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
        if (e.getEventType().getName().equals("jdk.MethodTrace")) {
          events.add(e);
        }
      }
      Optional<Instant> first = events.stream().map(RecordedEvent::getStartTime).min(Instant::compareTo);
      System.out.printf("| %d | %d ms | %s | %d ms | %d |%n", round, returned.toMillis(),
          first.map(f -> Duration.between(t0, f).toMillis() + " ms").orElse("none"), stop.toMillis(), events.size());
      Files.delete(file);
    }
  }

  private static void jcmd(Path javaHome, long pid, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(javaHome.resolve("bin/jcmd").toString(), Long.toString(pid)));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0 || out.contains("return code: -1") || out.contains("Exception")) {
      throw new IllegalStateException("jcmd " + args[0] + " failed: " + out);
    }
  }

  /** The timestamp (HH:mm:ss.micros, local time, today) of the first sink line containing {@code marker}. */
  private static Instant lineTime(Path sink, String marker) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      for (String line : Files.readAllLines(sink, StandardCharsets.UTF_8)) {
        if (line.contains(marker) && !line.contains("eddy-trace: started")) {
          return LocalTime.parse(line.substring(0, 15)).atDate(LocalDate.now()).atZone(ZoneId.systemDefault()).toInstant();
        }
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException("no '" + marker + "' in " + sink);
  }
}
