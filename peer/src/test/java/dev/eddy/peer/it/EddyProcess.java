package dev.eddy.peer.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One {@code eddy} command in its own JVM, run from the shaded jar the build just made. */
final class EddyProcess implements AutoCloseable {
  private static final Pattern SWARM = Pattern.compile("Swarm ID: ([0-9a-f]+)");
  private static final Pattern LISTEN = Pattern.compile("Listening on udp (\\S+:\\d+)");

  final Process process;
  final Path stdout;
  final Path stderr;

  private EddyProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  static Path jar() {
    return Path.of(System.getProperty("eddy.root", "..")).resolve("peer/target/eddy-peer.jar").toAbsolutePath();
  }

  static EddyProcess start(Path workDir, List<String> jvmOptions, String... args) throws IOException {
    return start(workDir, List.of(), jvmOptions, args);
  }

  /** Runs the JVM through {@code prefix} (e.g. {@code unshare ...}), which must end by executing its arguments. */
  static EddyProcess start(Path workDir, List<String> prefix, List<String> jvmOptions, String... args) throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx128m");
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    String name = args[0] + "-" + System.nanoTime();
    Path out = workDir.resolve(name + ".out");
    Path err = workDir.resolve(name + ".err");
    Process p = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    return new EddyProcess(p, out, err);
  }

  /** Starts {@code eddy seed FILE --listen 127.0.0.1:0 ...} (unless {@code extra} names the address) and waits until it serves. */
  static Seeder seed(Path workDir, Path file, List<String> jvmOptions, String... extra) throws Exception {
    return seed(workDir, List.of(), file, jvmOptions, extra);
  }

  /** The same through {@code prefix} (e.g. into a network namespace). */
  static Seeder seed(Path workDir, List<String> prefix, Path file, List<String> jvmOptions, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("seed", file.toString()));
    if (!List.of(extra).contains("--listen")) {
      args.addAll(List.of("--listen", "127.0.0.1:0"));
    }
    args.addAll(List.of(extra));
    EddyProcess p = start(workDir, prefix, jvmOptions, args.toArray(String[]::new));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String out = p.out();
      Matcher s = SWARM.matcher(out);
      Matcher l = LISTEN.matcher(out);
      if (s.find() && l.find()) {
        return new Seeder(p, s.group(1), l.group(1));
      }
      if (!p.process.isAlive()) {
        throw new AssertionError("seeder exited " + p.process.exitValue() + ": " + p.err());
      }
      Thread.sleep(50);
    }
    p.close();
    throw new AssertionError("seeder did not start: " + p.out() + p.err());
  }

  record Seeder(EddyProcess process, String swarmId, String address) implements AutoCloseable {
    @Override
    public void close() {
      process.close();
    }
  }

  /** Waits for the command to end; returns its exit code. */
  int waitFor(long seconds) throws InterruptedException, IOException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("eddy did not finish within " + seconds + " s; stderr: " + err());
    }
    return process.exitValue();
  }

  String out() throws IOException {
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  String err() throws IOException {
    return Files.readString(stderr, StandardCharsets.UTF_8);
  }

  /** The last line on stderr: where {@code eddy get} puts its one-line failure. */
  String lastErrLine() throws IOException {
    List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
