package dev.eddy.agent.attach;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import dev.eddy.agent.sink.Messages;
import dev.eddy.agent.spec.AgentCommand;
import dev.eddy.agent.spec.SinkTarget;
import dev.eddy.agent.spec.SpecException;
import dev.eddy.agent.spec.SpecParser;
import dev.eddy.agent.spec.TraceSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code eddy trace PID SPEC}: loads the agent into a running JVM through the attach API and streams the
 * trace lines back here until the session ends; Ctrl-C clears the trace in the target before exiting.
 * The agent writes to a file sink this command adds, and this command tails it.
 */
@Command(
    name = "eddy trace",
    mixinStandardHelpOptions = true,
    versionProvider = TraceCommand.Version.class,
    description = "Trace calls in a running JVM, bounded by count, time and rate (like Erlang's recon_trace).",
    footer = {
        "",
        "SPEC is the agent's option string: trace:PATTERN[;PATTERN],limit:N,time:DURATION,rate:N/DURATION,return,",
        "args:values|types|arity|none,stack[:DEPTH],scope:global|local,threads:all|new|existing|GLOB,",
        "sink:stdout|stderr|file:/ABS/PATH|jfr,depth:N,width:N; or clear, or status.",
        "",
        "Examples:",
        "  eddy trace 12345 'trace:dev.eddy.peer.wire.**#decode*,limit:100,time:10s,return,stack:5'",
        "  eddy trace 12345 status",
        "  eddy trace 12345 clear"})
public final class TraceCommand implements Callable<Integer> {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration CLEAR_TIMEOUT = Duration.ofSeconds(5);
  private static final String STOPPED = Messages.PREFIX + "stopped (";
  private static final String STOPPED_BY_JVM_EXIT = STOPPED + Messages.JVM_EXITING + ")";
  private static final String ERROR = Messages.PREFIX + "error: ";

  @Parameters(index = "0", paramLabel = "PID", description = "process id of the JVM to trace (see jcmd -l)")
  long pid;

  @Parameters(index = "1", paramLabel = "SPEC", description = "trace spec, clear or status (see below)")
  String spec;

  @Option(names = "--debug", description = "show stack traces of failures")
  boolean debug;

  private final PrintStream out = System.out;
  private final PrintStream err = System.err;

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and tests so both see the same behaviour. */
  static CommandLine newCommandLine() {
    TraceCommand command = new TraceCommand();
    CommandLine cli = new CommandLine(command)
        .setParameterExceptionHandler((e, badArgs) -> {
          e.getCommandLine().getErr().println("eddy trace: " + e.getMessage() + " (see eddy trace --help)");
          return 2;
        })
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          if (command.debug) {
            e.printStackTrace(cmd.getErr());
          }
          cmd.getErr().println("eddy trace: failed: " + e + (command.debug ? "" : " (--debug shows the stack trace)"));
          return 1;
        });
    cli.setUsageHelpWidth(120); // as eddy's other commands: no copy-paste example split across lines
    return cli;
  }

  /**
   * The version line of {@code eddy -V}, by the peer's rule: the agent depends on no other Eddy module (it
   * must trace any JVM), so it cannot share the peer's provider.
   */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = TraceCommand.class.getPackage().getImplementationVersion();
      return new String[] {"eddy " + (v == null ? "dev" : v)};
    }
  }

  @Override
  public Integer call() throws Exception {
    AgentCommand command;
    try {
      command = SpecParser.parse(spec, SpecParser.Origin.ATTACH_CLIENT);
    } catch (SpecException e) {
      err.println("eddy trace: " + e.getMessage());
      return 2;
    }
    Optional<ProcessHandle> target = ProcessHandle.of(pid);
    if (target.isEmpty() || pid == ProcessHandle.current().pid()) {
      err.println("eddy trace: no JVM with pid " + pid + " (list them with jcmd -l)");
      return 2;
    }
    Optional<String> notAttachable = Attachability.check(pid);
    if (notAttachable.isPresent()) {
      err.println("eddy trace: " + notAttachable.get());
      return 2;
    }
    Path output = Files.createTempFile("eddy-trace-", ".log");
    try {
      FileTail tail = new FileTail(output, out);
      String withSink = command.withExtraSink(new SinkTarget.File(output)).text();
      boolean tracing = command instanceof TraceSpec;
      Thread clearOnInterrupt = new Thread(() -> {
        clearAndDrain(tail);
        try {
          Files.deleteIfExists(output); // the JVM halts once this hook returns, before call() cleans up
        } catch (IOException e) {
          // a temporary file left behind is all it costs
        }
      }, "eddy-trace-clear");
      if (tracing) {
        // Before the load: a Ctrl-C while the target installs the trace queues the clear behind it (the
        // target's attach listener serves one request at a time), so that session ends too.
        Runtime.getRuntime().addShutdownHook(clearOnInterrupt);
        if (Attachability.interruptIgnored()) {
          err.println("eddy trace: this process ignores SIGINT (started in the background by a script?), so Ctrl-C"
              + " cannot clear the trace: it ends at its bounds, or with: eddy trace " + pid + " clear");
        }
      }
      String problem = load(withSink);
      if (problem != null) {
        forget(clearOnInterrupt);
        tail.pump(); // the agent's own reason, if it got that far
        err.println("eddy trace: " + problem);
        return 1;
      }
      if (!tracing) {
        tail.pump();
        return tail.sawError() ? 1 : 0;
      }
      long startDeadline = System.nanoTime() + START_TIMEOUT.toNanos();
      boolean targetDied = false;
      boolean noAnswer = false;
      while (!tail.stopped() && !tail.sawError()) {
        tail.pump();
        if (!target.get().isAlive()) {
          targetDied = true;
          break;
        }
        if (!tail.sawAnyLine() && System.nanoTime() > startDeadline) {
          err.println("eddy trace: no answer from the agent in " + START_TIMEOUT.toSeconds() + " s; see the target's stderr");
          noAnswer = true;
          break;
        }
        Thread.sleep(50);
      }
      tail.pump();
      forget(clearOnInterrupt);
      // A target that exits, however it goes, ends the trace before its bounds did.
      if (targetDied || tail.stoppedByJvmExit()) {
        err.println("eddy trace: the target JVM exited during the trace");
        return 1;
      }
      return tail.sawError() || noAnswer ? 1 : 0;
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static void forget(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook); // false, harmlessly, when it was never added
    } catch (IllegalStateException shuttingDown) {
      // Ctrl-C arrived just now; the hook does the rest
    }
  }

  /**
   * Runs on Ctrl-C: the trace must not outlive its client's interest, and the client must not outlive the
   * user's: the whole hook is bounded by {@link #CLEAR_TIMEOUT}.
   */
  private void clearAndDrain(FileTail tail) {
    if (tail.stopped()) {
      return;
    }
    long deadline = System.nanoTime() + CLEAR_TIMEOUT.toNanos();
    // The attach API waits for the target's answer with no timeout (a stopped or wedged target never gives
    // one) and the JVM exits only once this hook returns, so the load runs on a daemon thread the hook can
    // stop waiting for. The request reaches the target's socket at once (its attach listener runs since the
    // start), so the target still clears when it gets to it.
    FutureTask<String> clear = new FutureTask<>(
        () -> load("clear" + AgentCommand.sinkSuffix(List.of(new SinkTarget.File(tail.path())))));
    Thread loader = new Thread(clear, "eddy-trace-clear-load");
    loader.setDaemon(true);
    loader.start();
    String problem;
    try {
      problem = clear.get(CLEAR_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      err.println("eddy trace: pid " + pid + " did not answer the clear in " + CLEAR_TIMEOUT.toSeconds()
          + " s; it clears when it gets to it, and the trace ends at its bounds anyway (check: eddy trace " + pid
          + " status)");
      return;
    } catch (ExecutionException e) {
      problem = describe("attaching to pid " + pid + " failed: " + e.getCause(), e);
    } catch (InterruptedException e) {
      return;
    }
    if (problem != null) {
      err.println("eddy trace: could not clear the trace on exit: " + problem);
      return;
    }
    while (!tail.stopped() && System.nanoTime() < deadline) {
      tail.pump();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
    tail.pump();
  }

  /** Loads the agent jar this class came from; returns a one-line problem, or null. */
  private String load(String options) {
    VirtualMachine vm = null;
    try {
      vm = VirtualMachine.attach(Long.toString(pid));
      vm.loadAgent(agentJar().toString(), options);
      return null;
    } catch (AttachNotSupportedException e) {
      return describe("cannot attach to pid " + pid + " (is it a JVM run by the same user, without"
          + " -XX:+DisableAttachMechanism?): " + e.getMessage(), e);
    } catch (AgentInitializationException e) {
      return describe("the agent refused the command (its reason is also on the target's stderr)", e);
    } catch (AgentLoadException e) {
      return describe("the target refused the agent: " + e.getMessage(), e);
    } catch (IOException | URISyntaxException e) {
      return describe("attaching to pid " + pid + " failed: " + e.getMessage(), e);
    } finally {
      if (vm != null) {
        try {
          vm.detach();
        } catch (IOException e) {
          // the agent is loaded; a failed detach changes nothing for the trace
        }
      }
    }
  }

  private String describe(String problem, Exception e) {
    if (debug) {
      e.printStackTrace(err);
    }
    return problem;
  }

  private static Path agentJar() throws URISyntaxException {
    return Path.of(TraceCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** Follows the agent's output file, printing whole lines as they appear. */
  private static final class FileTail {
    private final Path path;
    private final PrintStream out;
    private long offset;
    private volatile boolean stopped;
    private volatile boolean stoppedByJvmExit;
    private volatile boolean error;
    private volatile boolean anyLine;

    FileTail(Path path, PrintStream out) {
      this.path = path;
      this.out = out;
    }

    Path path() {
      return path;
    }

    /** Prints the complete lines written since the last call (a line is only read once it has its newline). */
    synchronized void pump() {
      try (FileChannel channel = FileChannel.open(path)) {
        long size = channel.size();
        if (size <= offset) {
          return;
        }
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size - offset, 1 << 20));
        channel.read(buf, offset);
        int end = buf.position();
        while (end > 0 && buf.get(end - 1) != '\n') {
          end--;
        }
        if (end == 0) {
          return;
        }
        offset += end;
        String text = new String(buf.array(), 0, end, StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
          anyLine = true;
          stopped |= line.contains(STOPPED);
          stoppedByJvmExit |= line.contains(STOPPED_BY_JVM_EXIT);
          error |= line.startsWith(ERROR) || line.contains(" " + ERROR);
          out.println(line);
        }
        out.flush();
      } catch (IOException e) {
        // the file is ours and local; a failed read is retried on the next pump
      }
    }

    boolean stopped() {
      return stopped;
    }

    boolean stoppedByJvmExit() {
      return stoppedByJvmExit;
    }

    boolean sawError() {
      return error;
    }

    boolean sawAnyLine() {
      return anyLine;
    }
  }
}
