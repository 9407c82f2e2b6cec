package dev.eddy.peer.cli;

import dev.eddy.peer.transport.UdpTransport;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code eddy} command line: one subcommand per job. */
@Command(
    name = "eddy",
    mixinStandardHelpOptions = true,
    versionProvider = EddyCommand.Version.class,
    description = "A PPSPP (RFC 7574) peer for the JVM, observable down to each message.",
    subcommands = {HashCommand.class, InspectCommand.class, SeedCommand.class, GetCommand.class, LiveCommand.class, RelayCommand.class},
    // These three live in other jars (they must not load the peer); bin/eddy dispatches to them.
    footer = {
      "",
      "More commands, run through bin/eddy (each has --help):",
      "  demo     A seeder and downloader on loopback, recorded, traced, reported.",
      "  report   Summarise a flight recording (text, or --html FILE).",
      "  trace    Trace method calls in a running JVM with the bounded tracing agent.",
      "",
      "Example:",
      "  bin/eddy seed movie.mp4 --listen 127.0.0.1:7777"
    })
public final class EddyCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    // Netty settings read when its classes load, so set here first; a -D on the command line wins.
    // Netty's allocator checks its own JFR events on the first buffer it allocates, and touching an event
    // class initialises the flight recorder's machinery: 0.3-0.5 s of a cold JVM, paid by the seeder before
    // its first handshake reply and by the downloader before its first request. Our own events cover the
    // protocol; -Dio.netty.jfr.enabled=true brings Netty's back.
    System.getProperties().putIfAbsent("io.netty.jfr.enabled", "false");
    // Netty's default leak detection records a stack trace for one buffer in 128 (a few per cent of a
    // transfer's CPU). In-process tests keep that default; -Dio.netty.leakDetection.level=simple brings it back.
    System.getProperties().putIfAbsent("io.netty.leakDetection.level", "disabled");
    // Logging and the native transport take a fifth of a second to set up in a fresh JVM, on the way to a
    // downloader's first handshake; a second thread starts them while picocli reads the command line (the
    // transport only for the commands that open a socket).
    boolean peer = args.length > 0 && (args[0].equals("seed") || args[0].equals("get") || args[0].equals("live"));
    Thread setUp = new Thread(() -> setUp(peer), "eddy-start-up");
    setUp.setDaemon(true);
    startUp = setUp;
    setUp.start();
    System.exit(newCommandLine().execute(args));
  }

  /** The thread setting up logging and Netty, or null (tests call commands without {@link #main}). */
  private static volatile Thread startUp;

  /**
   * Waits until logging is set up: while Logback initialises on the start-up thread, SLF4J hands other
   * threads stand-in loggers, which a command cannot reconfigure (--debug).
   */
  static void awaitLogging() {
    Thread t = startUp;
    if (t != null) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void setUp(boolean peer) {
    LoggerFactory.getILoggerFactory();
    if (peer) {
      UdpTransport.initialiseNetty();
    }
  }

  /** The configured command line, shared by {@link #main} and tests so both see the same behaviour. */
  public static CommandLine newCommandLine() {
    CommandLine cl = new CommandLine(new EddyCommand())
        .setParameterExceptionHandler(EddyCommand::oneLineUsageError)
        .setExecutionExceptionHandler(EddyCommand::handle);
    // Wide enough that no copy-paste example in a footer is split across lines (picocli wraps at 80 by default).
    cl.setUsageHelpWidth(120);
    // Every subcommand lists -V (mixinStandardHelpOptions); it answers with the same version as eddy -V.
    for (CommandLine sub : cl.getSubcommands().values()) {
      sub.getCommandSpec().versionProvider(new Version());
    }
    return cl;
  }

  /** User mistakes and environment problems: one line, no stack trace unless --debug. */
  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    boolean debug = parsed.subcommand() != null && parsed.subcommand().hasMatchedOption("--debug");
    java.io.PrintWriter err = cl.getErr();
    int code;
    if (e instanceof UserError u) {
      err.println("eddy: " + u.getMessage());
      code = u.exitCode;
    } else if (e instanceof dev.eddy.peer.transport.TransportException t) {
      err.println("eddy: " + t.getMessage());
      code = ExitCodes.CANNOT_LISTEN;
    } else {
      err.println("eddy: internal error: " + e + (debug ? "" : " (run with --debug for details)"));
      code = ExitCodes.INTERNAL;
    }
    if (debug) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  /** A mistake on the command line is one line naming the command and where to get help, not a usage dump. */
  private static int oneLineUsageError(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    String name = command.getCommandSpec().qualifiedName();
    command.getErr().println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
    command.getErr().flush();
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = EddyCommand.class.getPackage().getImplementationVersion();
      return new String[] {"eddy " + (v == null ? "dev" : v)};
    }
  }
}
