package dev.eddy.peer.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The network lab of {@code bench/netns-lab.sh} for tests: two network namespaces, a (10.77.0.1) and b
 * (10.77.0.2), joined by a veth pair whose a side sends through a tbf queue. The script does the work; this
 * class only runs it, so a lab built by hand and one built by a test are the same.
 */
final class NetnsLab implements AutoCloseable {
  static final String ADDRESS_A = "10.77.0.1";
  static final String ADDRESS_B = "10.77.0.2";

  private final String name;

  private NetnsLab(String name) {
    this.name = name;
  }

  static Path script() {
    return Path.of(System.getProperty("eddy.root", "..")).resolve("bench/netns-lab.sh").toAbsolutePath();
  }

  /** Why no lab can be built here (not root, no iproute2, no tbf), or null when one can. */
  static String unavailableReason() throws IOException, InterruptedException {
    Result r = run(List.of("check"));
    return r.exitCode == 0 ? null : r.output.strip();
  }

  /**
   * Builds lab {@code name} with "tbf rate RATE burst BURST latency LATENCY" on a's egress; first removes labs
   * left behind by test JVMs that died before removing theirs.
   */
  static NetnsLab up(String name, String rate, String burst, String latency) throws IOException, InterruptedException {
    run(List.of("gc"));
    Result r = run(List.of("up", name, "--rate", rate, "--burst", burst, "--latency", latency));
    if (r.exitCode != 0) {
      throw new IllegalStateException("netns-lab.sh up " + name + " failed: " + r.output);
    }
    return new NetnsLab(name);
  }

  /** The command prefix that runs a command inside side {@code a} or {@code b}. */
  List<String> exec(String side) {
    return List.of(script().toString(), "exec", name, side);
  }

  /** Starts sampling a's queue every {@code seconds}; {@link QueueSampler#stop} returns the samples. */
  QueueSampler sampleQueue(double seconds) throws IOException {
    Process p = new ProcessBuilder(script().toString(), "sample", name, Double.toString(seconds))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    return new QueueSampler(p);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    Result r = run(List.of("down", name));
    if (r.exitCode != 0) {
      throw new IllegalStateException("netns-lab.sh down " + name + " failed: " + r.output);
    }
  }

  private record Result(int exitCode, String output) {}

  private static Result run(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(script().toString()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    // The owner gc checks: this JVM, not the short-lived shell that runs the script.
    pb.environment().put("LAB_OWNER_PID", Long.toString(ProcessHandle.current().pid()));
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("netns-lab.sh " + args + " did not finish: " + output);
    }
    return new Result(p.exitValue(), output);
  }

  /** One reading of the queue: when, bytes it has sent so far, bytes it holds, datagrams it dropped so far. */
  record Sample(long micros, long sentBytes, long backlogBytes, long drops) {}

  /** The running {@code netns-lab.sh sample}, its lines read as they come. */
  static final class QueueSampler {
    private final Process process;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread reader;

    private QueueSampler(Process process) {
      this.process = process;
      this.reader = new Thread(this::read, "queue-sampler");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          String[] f = line.trim().split(" ");
          Sample s = new Sample(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
          synchronized (samples) {
            samples.add(s);
          }
        }
      } catch (IOException e) {
        // the sampler was stopped
      }
    }

    /** Stops the sampler (its shell and the tc and sleep it runs) and returns every sample. */
    List<Sample> stop() throws InterruptedException {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
      reader.join(10_000);
      synchronized (samples) {
        return List.copyOf(samples);
      }
    }
  }
}
