package dev.eddy.dashboards.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command run as a separate process with its output in a file: started, awaited for a line, stopped with
 * SIGTERM (so JVMs run their exit hooks and write their recordings, dumpcap flushes its capture).
 */
public final class ChildProcess implements AutoCloseable {
  private final Process process;
  private final Path output;
  private final String name;

  private ChildProcess(String name, Process process, Path output) {
    this.name = name;
    this.process = process;
    this.output = output;
  }

  public static ChildProcess start(String name, Path workDir, List<String> command) throws IOException {
    Path output = workDir.resolve(name + ".out");
    Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
        .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    return new ChildProcess(name, process, output);
  }

  /** A JVM running {@code java -jar JAR ARGS}, with the test's own java. */
  public static ChildProcess java(String name, Path workDir, Path jar, List<String> args) throws IOException {
    return java(name, workDir, List.of(), jar, args);
  }

  /** A JVM running {@code java JVM_OPTIONS -jar JAR ARGS}, with the test's own java. */
  public static ChildProcess java(String name, Path workDir, List<String> jvmOptions, Path jar, List<String> args)
      throws IOException {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(args);
    return start(name, workDir, command);
  }

  public long pid() {
    return process.pid();
  }

  public String output() throws IOException {
    return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
  }

  /** Waits until the output holds {@code text}; fails if the process exits first or time runs out. */
  public void awaitOutput(String text, Duration timeout) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!output().contains(text)) {
      assertThat(process.isAlive()).as("%s still running while waiting for '%s'; output:%n%s", name, text, output())
          .isTrue();
      assertThat(Instant.now()).as("%s printed '%s' in time; output:%n%s", name, text, output()).isBefore(deadline);
      Thread.sleep(50);
    }
  }

  /** Waits for the process to end by itself and returns its exit status. */
  public int await(Duration timeout) throws IOException, InterruptedException {
    boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(ended).as("%s ended within %s; output:%n%s", name, timeout, output()).isTrue();
    return process.exitValue();
  }

  /** SIGTERM, then waits for the exit hooks to finish. */
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      stop();
    }
  }
}
