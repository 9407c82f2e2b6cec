package dev.eddy.dashboards.render;

import java.util.ArrayList;
import java.util.List;

/** Columns padded to their widest cell; numbers stay left-aligned to keep the code small and readable. */
final class TextTable {
  private final List<String[]> rows = new ArrayList<>();

  TextTable(String... header) {
    rows.add(header);
  }

  void row(String... cells) {
    rows.add(cells);
  }

  /** The rows, indented by two spaces, one line each. */
  String render() {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder b = new StringBuilder("  ");
      for (int i = 0; i < row.length; i++) {
        b.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + (i < row.length - 1 ? 2 : 0)));
      }
      out.append(b.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
