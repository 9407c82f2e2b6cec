package dev.eddy.dashboards.render;

import dev.eddy.dashboards.analysis.TimeSeries;
import dev.eddy.dashboards.analysis.TimeSeries.Point;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every time series of a report model as charts, found by walking the model's records, so that a series added
 * to the model gets a chart with no code here. Series of one unit held at one place of the model share a chart:
 * a swarm's download and upload rates, the congestion windows of all channels (named by their record's
 * {@link TimeSeries.Labelled#label}). Order follows the model's.
 */
final class TimeCharts {
  /** More points than a chart has pixels only slow the page: longer series keep each bucket's low and high. */
  static final int MAX_POINTS = 2000;

  /** @param title the names of the series it holds, e.g. "Download and upload" */
  record Chart(String title, String unit, List<Series> series) {}

  /** One line: x in seconds since the recording started, sorted; y in the chart's unit. */
  record Series(String label, double[] x, double[] y) {}

  /** A series with the name of its kind ("download"), which titles the chart. */
  private record Named(String name, Series series) {}

  /** Series by place in the model and unit, in the model's order. */
  private final Map<String, List<Named>> byPlace = new LinkedHashMap<>();
  private final Map<String, String> units = new LinkedHashMap<>();

  private TimeCharts() {}

  /** The charts of {@code model}, a record; charts whose series are all empty are left out. */
  static List<Chart> of(Record model) {
    TimeCharts charts = new TimeCharts();
    charts.walk(model, "", "");
    List<Chart> result = new ArrayList<>();
    charts.byPlace.forEach((place, named) -> {
      List<Named> drawn = named.stream().filter(n -> n.series().x().length > 0).toList();
      if (!drawn.isEmpty()) {
        Set<String> names = new LinkedHashSet<>();
        drawn.forEach(n -> names.add(n.name()));
        result.add(new Chart(title(names), charts.units.get(place), drawn.stream().map(Named::series).toList()));
      }
    });
    return result;
  }

  private void walk(Object value, String place, String owner) {
    if (value instanceof TimeSeries s) {
      String key = place + '\u0000' + s.unit();
      units.put(key, s.unit());
      byPlace.computeIfAbsent(key, k -> new ArrayList<>())
          .add(new Named(s.name(), series(owner.isEmpty() ? s.name() : owner + " " + s.name(), s.points())));
    } else if (value instanceof Record r) {
      for (RecordComponent c : r.getClass().getRecordComponents()) {
        Object component = read(c, r);
        // A record's own series share its place; a nested record or list is a place of its own.
        walk(component, component instanceof TimeSeries ? place : place + "." + c.getName(), owner);
      }
    } else if (value instanceof Collection<?> elements) {
      int index = 0;
      for (Object element : elements) {
        index++;
        String label = element instanceof TimeSeries.Labelled l ? l.label() : "#" + index;
        walk(element, place, owner.isEmpty() ? label : owner + " · " + label);
      }
    }
  }

  /** Records of the model may be package-private (an analysis's own); the walk only reads them. */
  private static Object read(RecordComponent c, Record r) {
    try {
      Method accessor = c.getAccessor();
      accessor.setAccessible(true);
      return accessor.invoke(r);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + c + " of " + r.getClass().getName(), e);
    }
  }

  private static String title(Set<String> names) {
    String joined = String.join(" and ", names);
    return joined.isEmpty() ? joined : joined.substring(0, 1).toUpperCase(Locale.ROOT) + joined.substring(1);
  }

  private static Series series(String label, List<Point> points) {
    List<Point> sorted = new ArrayList<>(points);
    sorted.sort(Comparator.comparingDouble(Point::seconds));
    if (sorted.size() > MAX_POINTS) {
      sorted = lowsAndHighs(sorted);
    }
    double[] x = new double[sorted.size()];
    double[] y = new double[sorted.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = sorted.get(i).seconds();
      y[i] = sorted.get(i).value();
    }
    return new Series(label, x, y);
  }

  /** Per bucket of equal time, its lowest and highest point in time order: spikes and dips stay visible. */
  private static List<Point> lowsAndHighs(List<Point> sorted) {
    int buckets = MAX_POINTS / 2;
    double first = sorted.get(0).seconds();
    double width = (sorted.get(sorted.size() - 1).seconds() - first) / buckets;
    List<Point> kept = new ArrayList<>(MAX_POINTS);
    int i = 0;
    for (int b = 0; b < buckets && i < sorted.size(); b++) {
      double bucketEnd = b == buckets - 1 ? Double.POSITIVE_INFINITY : first + (b + 1) * width;
      Point low = null;
      Point high = null;
      for (; i < sorted.size() && sorted.get(i).seconds() <= bucketEnd; i++) {
        Point p = sorted.get(i);
        low = low == null || p.value() < low.value() ? p : low;
        high = high == null || p.value() > high.value() ? p : high;
      }
      if (low != null) {
        kept.add(low.seconds() <= high.seconds() ? low : high);
        if (low != high) {
          kept.add(low.seconds() <= high.seconds() ? high : low);
        }
      }
    }
    return kept;
  }
}
