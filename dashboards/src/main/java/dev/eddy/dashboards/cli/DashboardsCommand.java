package dev.eddy.dashboards.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code eddy-dashboards.jar}: {@code bin/eddy report …} runs {@code java -jar eddy-dashboards.jar
 * report …}, so the first argument names the subcommand, as in the peer's {@code eddy} command line.
 */
@Command(
    name = "eddy",
    mixinStandardHelpOptions = true,
    versionProvider = DashboardsCommand.Version.class,
    description = "Offline analysis of Eddy flight recordings.",
    subcommands = {ReportCommand.class})
public final class DashboardsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and tests. */
  public static CommandLine newCommandLine() {
    CommandLine cl = new CommandLine(new DashboardsCommand());
    // Every subcommand lists -V (mixinStandardHelpOptions); it answers with the same version as eddy -V.
    for (CommandLine sub : cl.getSubcommands().values()) {
      sub.getCommandSpec().versionProvider(new Version());
    }
    return cl;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = DashboardsCommand.class.getPackage().getImplementationVersion();
      return new String[] {"eddy " + (v == null ? "dev" : v)};
    }
  }
}
