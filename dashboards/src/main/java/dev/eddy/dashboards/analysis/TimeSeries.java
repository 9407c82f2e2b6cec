package dev.eddy.dashboards.analysis;

import java.util.List;

/**
 * Values over time; {@code seconds} counts from the start of the recording.
 *
 * @param unit how values are shown: {@code bytes/s}, {@code bytes}, {@code ns}, {@code %}
 */
public record TimeSeries(String name, String unit, List<Point> points) {
  public record Point(double seconds, double value) {}

  /**
   * A report record that holds time series and comes in a list (one per swarm, per channel): its label tells its
   * series from its siblings' where the HTML report draws them in one chart.
   */
  public interface Labelled {
    String label();
  }

  public TimeSeries {
    points = List.copyOf(points);
  }

  public boolean isEmpty() {
    return points.isEmpty();
  }

  public double max() {
    return points.stream().mapToDouble(Point::value).max().orElse(0);
  }

  public double mean() {
    return points.stream().mapToDouble(Point::value).average().orElse(0);
  }

  public double last() {
    return points.isEmpty() ? 0 : points.get(points.size() - 1).value();
  }
}
