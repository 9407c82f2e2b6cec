package dev.eddy.agent.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A child JVM running {@code dev.eddy.tracetest.TraceTarget}, driven through its stdin, with the real
 * {@code jcmd} of the JDK that runs it.
 */
public final class TargetJvm implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(60);

  private final Process process;
  private final Path javaHome;
  private final PrintWriter commands;
  private final List<String> stdout = new CopyOnWriteArrayList<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();

  private TargetJvm(Process process, Path javaHome) {
    this.process = process;
    this.javaHome = javaHome;
    this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    collect(process.getInputStream(), stdout, "stdout");
    collect(process.getErrorStream(), stderr, "stderr");
  }

  /** Starts the target on the JDK at {@code javaHome}; {@code jvmArgs} go before the main class. */
  public static TargetJvm start(Path javaHome, List<String> jvmArgs) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaHome.resolve("bin/java").toString());
    cmd.add("-Xmx128m");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(Paths.testClasses() + java.io.File.pathSeparator + Paths.plainByteBuddyJar());
    cmd.add("dev.eddy.tracetest.TraceTarget");
    TargetJvm jvm = new TargetJvm(new ProcessBuilder(cmd).start(), javaHome);
    jvm.awaitStdout(line -> line.equals("ready"));
    return jvm;
  }

  public static TargetJvm start(List<String> jvmArgs) throws IOException, InterruptedException {
    return start(Paths.currentJavaHome(), jvmArgs);
  }

  public long pid() {
    return process.pid();
  }

  /** Sends one command and waits for the first stdout line that starts with {@code answerPrefix}. */
  public String send(String command, String answerPrefix) throws InterruptedException {
    int seen = stdout.size();
    commands.println(command);
    return awaitStdout(seen, line -> line.startsWith(answerPrefix));
  }

  public String awaitStdout(Predicate<String> wanted) throws InterruptedException {
    return awaitStdout(0, wanted);
  }

  public int stdoutSize() {
    return stdout.size();
  }

  public List<String> stdout() {
    return List.copyOf(stdout);
  }

  /** Waits for a stdout line matching {@code wanted}, counting only lines after index {@code from}. */
  public String awaitStdout(int from, Predicate<String> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      for (int i = from; i < stdout.size(); i++) {
        if (wanted.test(stdout.get(i))) {
          return stdout.get(i);
        }
      }
      if (!process.isAlive() && stdout.stream().noneMatch(wanted)) {
        throw new AssertionError("target exited; stderr:\n" + String.join("\n", stderr));
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no such stdout line; stdout:\n" + String.join("\n", stdout) + "\nstderr:\n"
        + String.join("\n", stderr));
  }

  /** Waits for a stderr line containing {@code text}, counting only lines after index {@code from}. */
  public String awaitStderr(int from, String text) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      for (int i = from; i < stderr.size(); i++) {
        if (stderr.get(i).contains(text)) {
          return stderr.get(i);
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no stderr line with '" + text + "'; stderr:\n" + String.join("\n", stderr));
  }

  public int stderrSize() {
    return stderr.size();
  }

  public List<String> stderr() {
    return List.copyOf(stderr);
  }

  /** Runs {@code jcmd PID ARGS...} with the target's own JDK; returns its output. */
  public String jcmd(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaHome.resolve("bin/jcmd").toString());
    cmd.add(Long.toString(pid()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("jcmd hung: " + cmd);
    }
    return out;
  }

  /** {@code jcmd PID JVMTI.agent_load /abs/eddy-agent.jar SPEC}. */
  public String loadAgent(String spec) throws IOException, InterruptedException {
    String out = jcmd("JVMTI.agent_load", Paths.agentJar().toString(), spec);
    if (!out.contains("return code: 0")) {
      throw new AssertionError("agent load failed: " + out + "\nstderr:\n" + String.join("\n", stderr));
    }
    return out;
  }

  /**
   * {@code jcmd PID JVMTI.agent_load /abs/eddy-agent.jar SPEC} for a spec the agent must refuse: jcmd shows a
   * non-zero return code and the target's stderr gets the agent's one-line reason; returns that line.
   */
  public String refuseAgent(String spec) throws IOException, InterruptedException {
    int from = stderrSize();
    String out = jcmd("JVMTI.agent_load", Paths.agentJar().toString(), spec);
    if (!out.matches("(?s).*return code: [1-9]\\d*\\R?.*")) {
      throw new AssertionError("jcmd did not show the refusal: " + out + "\nstderr:\n" + String.join("\n", stderr));
    }
    return awaitStderr(from, "eddy-trace: error:");
  }

  /** Waits until {@code file} holds a line containing {@code marker}; returns all its lines. */
  public static List<String> awaitFileLine(Path file, String marker) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(file)) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.stream().anyMatch(l -> l.contains(marker))) {
          return lines;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no line with '" + marker + "' in " + file + ":\n"
        + (Files.exists(file) ? Files.readString(file) : "(missing)"));
  }

  public static List<String> matching(List<String> lines, String regex) {
    return lines.stream().filter(l -> l.matches(regex)).collect(Collectors.toList());
  }

  @Override
  public void close() {
    commands.println("exit");
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void collect(InputStream in, List<String> into, String name) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          into.add(line);
        }
      } catch (IOException e) {
        into.add("(" + name + " read failed: " + e + ")");
      }
    }, "target-" + name);
    t.setDaemon(true);
    t.start();
  }
}
