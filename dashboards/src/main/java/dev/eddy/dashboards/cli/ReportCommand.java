package dev.eddy.dashboards.cli;

import dev.eddy.dashboards.analysis.RecordingAnalyzer;
import dev.eddy.dashboards.analysis.Report;
import dev.eddy.dashboards.render.HtmlReport;
import dev.eddy.dashboards.render.TextReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code eddy report}: what flight recordings say about the transfers in them. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Summarise flight recordings of Eddy peers, each on its own: recording span; per swarm progress and throughput over "
          + "time; per peer messages by type, bytes each way, handshake time, retransmission and loss rates, "
          + "integrity failures and choke time; dropped datagrams by reason; congestion window and queuing delay "
          + "over time; the calls traced by the agent. Says what the recording lacks and how to record it.",
      "",
      "Example:",
      "  eddy report transfer.jfr --html transfer.html",
      "  eddy report seeder.jfr leecher1.jfr leecher2.jfr --html swarm.html",
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:report written", "1:a recording cannot be read", "2:bad arguments"})
public final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "REC.jfr", arity = "1..*",
      description = "Flight recordings (eddy seed/get --record, -XX:StartFlightRecording, jcmd JFR.dump); several are read in parallel.")
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
    List<Report> reports = new ArrayList<>();
    ExecutorService readers = Executors.newFixedThreadPool(
        Math.min(recordings.size(), Runtime.getRuntime().availableProcessors()), daemon());
    try {
      List<Future<Report>> analyses = new ArrayList<>();
      for (Path recording : recordings) {
        analyses.add(readers.submit(() -> RecordingAnalyzer.analyze(recording)));
      }
      for (int i = 0; i < recordings.size(); i++) {
        try {
          reports.add(analyses.get(i).get());
        } catch (ExecutionException e) {
          // jdk.jfr.consumer reports a file that is not a recording as an IOException with a terse message.
          return fail(err, recordings.get(i) + ": not a readable flight recording (" + e.getCause().getMessage() + ")",
              e.getCause() instanceof Exception cause ? cause : e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail(err, "interrupted", e);
    } finally {
      readers.shutdownNow();
    }
    for (int i = 0; i < reports.size(); i++) {
      out.print((i > 0 ? System.lineSeparator() : "") + TextReport.render(reports.get(i), top));
    }
    out.flush();
    if (html != null) {
      try {
        writeAtomically(html, HtmlReport.render(reports));
      } catch (IOException e) {
        return fail(err, "--html " + html + ": " + e.getMessage(), e);
      }
      out.println();
      out.println("HTML report: " + html);
      out.flush();
    }
    return 0;
  }

  /** Reader threads never keep the JVM alive after the report (an error path returns before they finish). */
  private static ThreadFactory daemon() {
    return task -> {
      Thread thread = new Thread(task, "eddy-report-reader");
      thread.setDaemon(true);
      return thread;
    };
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
