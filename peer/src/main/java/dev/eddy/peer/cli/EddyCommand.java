package dev.eddy.peer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code eddy} command line: one subcommand per job. */
@Command(
    name = "eddy",
    mixinStandardHelpOptions = true,
    versionProvider = EddyCommand.Version.class,
    description = "A PPSPP (RFC 7574) peer for the JVM, observable down to each message.",
    subcommands = {InspectCommand.class})
public final class EddyCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and tests so both see the same behaviour. */
  public static CommandLine newCommandLine() {
    return new CommandLine(new EddyCommand());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = EddyCommand.class.getPackage().getImplementationVersion();
      return new String[] {"eddy " + (v == null ? "dev" : v)};
    }
  }
}
