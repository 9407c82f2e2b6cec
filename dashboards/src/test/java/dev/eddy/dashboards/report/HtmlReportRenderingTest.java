package dev.eddy.dashboards.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.dashboards.render.HtmlReport;
import dev.eddy.dashboards.swarm.SwarmAnalyzer;
import dev.eddy.dashboards.testing.BrowserPage;
import dev.eddy.dashboards.testing.HeadlessChromium;
import dev.eddy.dashboards.testing.SimulatedTransfer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report as a user sees it: headless Chromium runs its scripts, draws the charts, answers the mouse. */
class HtmlReportRenderingTest {
  private static final Pattern STATUS =
      Pattern.compile("<div id=\"render-status\" data-charts=\"(\\d+)\" data-points=\"(\\d+)\">([^<]*)</div>");
  @TempDir Path dir;

  @Test
  void drawsInteractiveChartsThatShowValuesAtThePointerAndZoom() throws Exception {
    Path page = page(SimulatedTransfer.record(dir.resolve("full.jfr"), Set.of()));

    try (BrowserPage browser = BrowserPage.open(page, dir, 1300, 1000)) {
      assertThat(browser.evaluate("document.getElementById('script-errors').textContent")).isEmpty();
      // Throughput (download and upload), progress, congestion window, queuing delay and round-trip time: four
      // time charts, and the message mix.
      assertThat(browser.evaluate("Array.from(document.querySelectorAll('.timecharts .u-title'))"
          + ".map(t => t.textContent).join(' / ')")).isEqualTo("Progress (%) / Download and upload (bytes/s)"
          + " / Congestion window (bytes) / Queuing delay and round-trip time (ns)");
      assertThat(browser.evaluate("document.getElementById('render-status').textContent")).isEqualTo("rendered 5 charts");
      int[] painted = browser.paintedPixels(".timecharts");
      assertThat(painted).hasSize(4);
      assertThat(Arrays.stream(painted).min().orElseThrow()).as("painted pixels per chart canvas").isGreaterThan(2000);

      // Hovering the middle of the progress chart shows the time and the values there, in every chart's legend.
      double[] plot = browser.firstPlotCentre(".timecharts");
      double x = plot[0];
      double y = plot[1];
      browser.moveMouse(x, y);
      String[] values = browser.legendValues(".timecharts");
      assertThat(values).hasSize(4);
      assertThat(values[0]).matches("\\d+\\.\\d\\d s \\| \\d+ %");
      assertThat(values).as("the crosshair is synced: every chart shows its values nearest that time")
          .allSatisfy(v -> assertThat(v).matches("\\d+\\.\\d\\d s( \\| [\\d.]+ [^|]+)+"));
      assertThat(values[1]).as("download and upload rates at that time")
          .matches(".* \\| [\\d.]+ (B|KiB|MiB)/s \\| ([\\d.]+ (B|KiB|MiB)/s|–)");

      // The mouse wheel zooms in around the pointer (the drawing changes); a double-click zooms back out.
      String before = browser.evaluate("document.querySelector('.timecharts canvas').toDataURL()");
      browser.wheel(x, y, -300);
      assertThat(browser.evaluate("document.querySelector('.timecharts canvas').toDataURL()")).isNotEqualTo(before);
      browser.doubleClick(x, y);
      browser.moveMouse(0, 0);
      assertThat(browser.evaluate("new Promise(done => requestAnimationFrame(() => done("
          + "document.querySelector('.timecharts canvas').toDataURL())))")).isEqualTo(before);
    }

    Path png = dir.resolve("report.png");
    new HeadlessChromium(dir).screenshot(page, png, 1300, 2000);
    byte[] image = Files.readAllBytes(png);
    assertThat(image).startsWith(0x89, 'P', 'N', 'G');
    assertThat(image.length).as("a screenshot with content, not a blank page").isGreaterThan(50_000);
  }

  /**
   * What {@code eddy report A.jfr … J.jfr --html} writes for ten peers opens, with all its charts drawn, within
   * 2 s of the browser starting to load it (the page's own navigation timing: parsing, scripts, first drawing).
   */
  @Test
  void aReportOfTenRecordingsOpensWithinTwoSeconds() throws Exception {
    Path recording = SimulatedTransfer.record(dir.resolve("peer0.jfr"), Set.of());
    List<String> args = new ArrayList<>(List.of("report", recording.toString()));
    for (int peer = 1; peer < 10; peer++) {
      args.add(Files.copy(recording, dir.resolve("peer" + peer + ".jfr")).toString());
    }
    Path page = dir.resolve("ten.html");
    args.addAll(List.of("--html", page.toString()));

    ReportCommandTest.Run run = ReportCommandTest.run(args.toArray(String[]::new));

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out().split("\n")).filteredOn(l -> l.startsWith("Recording  ")).hasSize(10);
    try (BrowserPage browser = BrowserPage.open(page, dir, 1300, 1000)) {
      assertThat(browser.evaluate("document.getElementById('script-errors').textContent")).isEmpty();
      assertThat(browser.evaluate("document.querySelectorAll('.recording').length")).isEqualTo("10");
      int[] painted = browser.paintedPixels(".timecharts");
      assertThat(painted).hasSize(40);
      assertThat(Arrays.stream(painted).min().orElseThrow()).isGreaterThan(2000);
      double loadedMillis = Double.parseDouble(
          browser.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd"));
      assertThat(loadedMillis).as("milliseconds from navigation to the end of the load event").isLessThan(2000);
    }
  }

  @Test
  void explainsMissingChartsWhenEventsAreMissing() throws Exception {
    Path page = page(SimulatedTransfer.record(dir.resolve("lean.jfr"), Set.of("dev.eddy.ppspp.MessageSent",
        "dev.eddy.ppspp.MessageReceived", "dev.eddy.ppspp.SwarmStatistics", "dev.eddy.ppspp.CongestionState")));

    String dom = new HeadlessChromium(dir).dumpDom(page);

    Matcher status = STATUS.matcher(dom);
    assertThat(status.find()).as("render status in the DOM:\n%s", dom).isTrue();
    assertThat(Integer.parseInt(status.group(1))).as("only throughput, from verified chunks").isEqualTo(1);
    assertThat(Integer.parseInt(status.group(2))).as("points charted").isPositive();
    assertThat(dom).contains("<ul id=\"script-errors\" hidden=\"\"></ul>")
        .contains("No per-message events: per-message events are off by default")
        .contains("No congestion window and queuing delay over time: periodic statistics come with ppspp.jfc");
  }

  private Path page(Path recording) throws Exception {
    Path page = dir.resolve(recording.getFileName() + ".html");
    Files.writeString(page, HtmlReport.render(SwarmAnalyzer.analyze(List.of(recording))));
    return page;
  }
}
