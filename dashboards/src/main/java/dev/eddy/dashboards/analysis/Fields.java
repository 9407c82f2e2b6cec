package dev.eddy.dashboards.analysis;

import jdk.jfr.consumer.RecordedObject;

/**
 * Field reads for events read with the JDK's parser. {@link RecordedObject#getLong} and
 * {@link RecordedObject#getString} scan the type's fields twice (once to check the type, once for the value) and
 * look for {@code @Unsigned} on each; {@link RecordedObject#getValue} scans once and returns the value the parser
 * already boxed. With a million events, that halving shows.
 */
final class Fields {
  private Fields() {}

  static String string(RecordedObject e, String name) {
    return (String) e.getValue(name);
  }

  static long number(RecordedObject e, String name) {
    Object value = e.getValue(name);
    return value == null ? 0 : ((Number) value).longValue();
  }
}
