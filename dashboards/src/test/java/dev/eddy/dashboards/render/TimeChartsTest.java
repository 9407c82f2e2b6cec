package dev.eddy.dashboards.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.eddy.dashboards.analysis.TimeSeries;
import dev.eddy.dashboards.analysis.TimeSeries.Point;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Time series anywhere in a report model become charts with no chart code of their own. */
class TimeChartsTest {
  /** A model shaped like a multi-recording report that the renderer has never seen. */
  record Swarm(List<Link> links, Totals totals) {}

  record Link(String from, String to, TimeSeries oneWayDelay, TimeSeries lossRate, TimeSeries jitter)
      implements TimeSeries.Labelled {
    @Override
    public String label() {
      return from + " → " + to;
    }
  }

  record Totals(TimeSeries bytes, TimeSeries empty) {}

  record Unlabelled(TimeSeries rate) {}

  record Bare(List<Unlabelled> items) {}

  @Test
  void seriesOfOneUnitAtOnePlaceShareAChartNamedByTheirOwners() {
    Swarm model = new Swarm(List.of(
        new Link("A", "B", series("one-way delay", "ns", 3), series("loss", "%", 2), series("jitter", "ns", 4)),
        new Link("A", "C", series("one-way delay", "ns", 2), series("loss", "%", 1), series("jitter", "ns", 1))),
        new Totals(series("payload", "bytes", 5), series("nothing", "bytes", 0)));

    List<TimeCharts.Chart> charts = TimeCharts.of(model);

    assertThat(charts).extracting(TimeCharts.Chart::title, TimeCharts.Chart::unit).containsExactly(
        tuple("One-way delay and jitter", "ns"),
        tuple("Loss", "%"),
        tuple("Payload", "bytes"));
    assertThat(charts.get(0).series()).extracting(TimeCharts.Series::label).containsExactly(
        "A → B one-way delay", "A → B jitter", "A → C one-way delay", "A → C jitter");
    assertThat(charts.get(2).series()).as("an empty series is left out").hasSize(1);
    assertThat(charts.get(0).series().get(0).y()).containsExactly(1, 2, 3);
  }

  @Test
  void unlabelledElementsAreNumbered() {
    List<TimeCharts.Chart> charts = TimeCharts.of(new Bare(List.of(
        new Unlabelled(series("rate", "bytes/s", 2)), new Unlabelled(series("rate", "bytes/s", 2)))));

    assertThat(charts).singleElement().extracting(c -> c.series().stream().map(TimeCharts.Series::label).toList())
        .isEqualTo(List.of("#1 rate", "#2 rate"));
  }

  @Test
  void longSeriesAreThinnedKeepingSpikesAndTimeOrder() {
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < 1_000_000; i++) {
      points.add(new Point(i / 1000.0, i == 777_777 ? 1e9 : i % 10));
    }
    Unlabelled model = new Unlabelled(new TimeSeries("rate", "bytes/s", points));

    TimeCharts.Series thinned = TimeCharts.of(model).get(0).series().get(0);

    assertThat(thinned.x().length).isLessThanOrEqualTo(TimeCharts.MAX_POINTS);
    assertThat(Arrays.stream(thinned.y()).max().orElseThrow()).as("the one spike survives").isEqualTo(1e9);
    assertThat(thinned.x()).isSorted();
  }

  /** {@code n} points, value i at second i, listed last first (the walk sorts them by time). */
  private static TimeSeries series(String name, String unit, int n) {
    List<Point> points = new ArrayList<>();
    for (int i = n; i >= 1; i--) {
      points.add(new Point(i, i));
    }
    return new TimeSeries(name, unit, points);
  }
}
