package dev.eddy.dashboards.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.dashboards.analysis.RecordingAnalyzer;
import dev.eddy.dashboards.render.HtmlReport;
import dev.eddy.dashboards.testing.HeadlessChromium;
import dev.eddy.dashboards.testing.SimulatedTransfer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report as a user sees it: headless Chromium runs its script, draws the charts, takes a screenshot. */
class HtmlReportRenderingTest {
  private static final Pattern STATUS =
      Pattern.compile("<div id=\"render-status\" data-charts=\"(\\d+)\" data-marks=\"(\\d+)\">([^<]*)</div>");
  @TempDir Path dir;

  @Test
  void drawsEveryChartOfAFullRecordingWithoutScriptErrors() throws Exception {
    Path page = page(SimulatedTransfer.record(dir.resolve("full.jfr"), Set.of()));
    HeadlessChromium chromium = new HeadlessChromium(dir);

    String dom = chromium.dumpDom(page);

    Matcher status = STATUS.matcher(dom);
    assertThat(status.find()).as("render status in the DOM:\n%s", dom).isTrue();
    // Throughput, progress, congestion window, queuing delay and message mix.
    assertThat(Integer.parseInt(status.group(1))).isEqualTo(5);
    assertThat(Integer.parseInt(status.group(2))).isGreaterThan(50);
    assertThat(status.group(3)).isEqualTo("rendered 5 charts");
    assertThat(dom).contains("<ul id=\"script-errors\" hidden=\"\"></ul>");
    assertThat(dom).contains("127.0.0.1:26002").contains("23.1 %").contains("Messages by type per peer");

    Path png = dir.resolve("report.png");
    chromium.screenshot(page, png, 1300, 2000);
    byte[] image = Files.readAllBytes(png);
    assertThat(image).startsWith(0x89, 'P', 'N', 'G');
    assertThat(image.length).as("a screenshot with content, not a blank page").isGreaterThan(50_000);
  }

  @Test
  void explainsEmptyChartsWhenEventsAreMissing() throws Exception {
    Path page = page(SimulatedTransfer.record(dir.resolve("lean.jfr"), Set.of("dev.eddy.ppspp.MessageSent",
        "dev.eddy.ppspp.MessageReceived", "dev.eddy.ppspp.SwarmStatistics", "dev.eddy.ppspp.CongestionState")));

    String dom = new HeadlessChromium(dir).dumpDom(page);

    Matcher status = STATUS.matcher(dom);
    assertThat(status.find()).isTrue();
    assertThat(Integer.parseInt(status.group(1))).as("only throughput, from verified chunks").isEqualTo(1);
    assertThat(dom).contains("<ul id=\"script-errors\" hidden=\"\"></ul>")
        .contains("No per-message events: per-message events are off by default")
        .contains("No congestion samples: periodic statistics come with ppspp.jfc");
  }

  private Path page(Path recording) throws Exception {
    Path page = dir.resolve(recording.getFileName() + ".html");
    Files.writeString(page, HtmlReport.render(RecordingAnalyzer.analyze(recording)));
    return page;
  }
}
