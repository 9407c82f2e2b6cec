package dev.eddy.peer.inspect;

import java.util.List;

/**
 * The readable form of a message's fields:
 * {@code #12 127.0.0.1:26001 -> 127.0.0.1:26000 ch=613e7dea INTEGRITY 0..63 hash=…}.
 */
final class ReadableLine {
  private ReadableLine() {}

  static String of(Fields fields) {
    StringBuilder line = new StringBuilder(96);
    List<Fields.Field> list = fields.list();
    Object start = null;
    for (Fields.Field field : list) {
      Object value = field.value();
      switch (field.key()) {
        case "frame" -> line.append('#').append(value);
        case "src" -> line.append(' ').append(value);
        case "dst" -> line.append(" -> ").append(value);
        case "channel" -> line.append(" ch=").append(value);
        case "type" -> line.append(' ').append(value);
        case "error" -> line.append(" error: ").append(value);
        case "warning" -> line.append(" warning: ").append(value);
        case "start" -> start = value;
        case "end" -> line.append(' ').append(start).append("..").append(value);
        case "options" -> appendPairs(line, ((Fields) value).list());
        default -> line.append(' ').append(field.key()).append('=').append(value);
      }
    }
    return line.toString();
  }

  private static void appendPairs(StringBuilder line, List<Fields.Field> pairs) {
    for (Fields.Field pair : pairs) {
      line.append(' ').append(pair.key()).append('=').append(pair.value());
    }
  }
}
