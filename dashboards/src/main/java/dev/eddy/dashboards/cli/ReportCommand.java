package dev.eddy.dashboards.cli;

import dev.eddy.dashboards.render.HtmlReport;
import dev.eddy.dashboards.render.SwarmTextReport;
import dev.eddy.dashboards.swarm.SwarmAnalyzer;
import dev.eddy.dashboards.swarm.SwarmReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code eddy report}: what flight recordings of one or more peers say about the transfers in them. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Summarise flight recordings of Eddy peers. First, what limited each transfer (loss on a link, a vanished "
          + "or hostile peer, choking, a blocked I/O loop, queuing delay, a CPU or GC stall), with the evidence. Of one recording: "
          + "recording span; per swarm progress and throughput over time; per peer messages by type, bytes each "
          + "way, handshake time, retransmission and loss rates, integrity failures and choke time; dropped "
          + "datagrams by reason; congestion window and queuing delay over time; the calls traced by the agent.",
      "Of several peers' recordings (one machine or several): their channels paired by channel IDs, clock "
          + "offsets with error bounds, each link's one-way delay, loss, reordering and unneeded retransmissions "
          + "(with per-message events), who uploaded how much to whom, progress on one time axis, joins, leaves, "
          + "chokes and PEX contacts, then each recording's own report. Says what is missing and how to record it.",
      "",
      "Examples:",
      "  eddy report transfer.jfr --html transfer.html",
      "  eddy report seed.jfr get1.jfr get2.jfr --html swarm.html",
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:report written", "1:a recording cannot be read", "2:bad arguments"})
public final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "REC.jfr", arity = "1..*",
      description = "Flight recordings, one per peer (eddy seed/get --record, -XX:StartFlightRecording, jcmd JFR.dump); read in parallel.")
  List<Path> recordings;

  @Option(names = "--html", paramLabel = "FILE", description = "Also write a self-contained HTML page with interactive charts (opens offline).")
  Path html;

  @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "How many traced methods to list by count and by time (default ${DEFAULT-VALUE}).")
  int top;

  @Option(names = "--debug", description = "Show stack traces on errors.")
  boolean debug;

  @Override
  public Integer call() {
    if (top < 1) {
      throw new ParameterException(spec.commandLine(), "--top must be at least 1, got " + top);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    for (Path recording : recordings) {
      if (Files.isDirectory(recording)) {
        return fail(err, recording + ": is a directory, not a recording", null);
      }
      if (!Files.exists(recording)) {
        return fail(err, recording + ": no such file", null);
      }
    }
    if (html != null && (Files.isDirectory(html) || html.toAbsolutePath().getParent() == null
        || !Files.isDirectory(html.toAbsolutePath().getParent()))) {
      return fail(err, "--html " + html + ": not a file in an existing directory", null);
    }
    SwarmReport report;
    try {
      report = SwarmAnalyzer.analyze(recordings);
    } catch (IOException | RuntimeException e) {
      // The analyzer names the file in its message (jdk.jfr.consumer's own is terse).
      return fail(err, e instanceof IOException ? e.getMessage() : "cannot join the recordings (" + e + ")", e);
    }
    out.print(SwarmTextReport.render(report, top));
    out.flush();
    if (html != null) {
      try {
        writeAtomically(html, HtmlReport.render(report));
      } catch (IOException e) {
        return fail(err, "--html " + html + ": " + e.getMessage(), e);
      }
      out.println();
      out.println("HTML report: " + html);
      out.flush();
    }
    return 0;
  }

  /** A reader never sees half a page: write beside the target, then move it into place. */
  private static void writeAtomically(Path target, String content) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path temp = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".tmp");
    try {
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private int fail(PrintWriter err, String message, Exception cause) {
    err.println("eddy report: " + message);
    if (debug && cause != null) {
      cause.printStackTrace(err);
    }
    err.flush();
    return 1;
  }
}
