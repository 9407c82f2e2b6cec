package dev.eddy.acceptance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command blocks of a Markdown file that are marked for testing. A block is marked by an HTML comment on
 * the line right before its opening fence, which readers of the rendered README never see:
 *
 * <pre>
 * &lt;!-- readme-test timeout=120s --&gt;
 * ```bash
 * bin/eddy hash vectors/m74.jpg
 * ```
 * </pre>
 */
record ReadmeCommands(List<Block> blocks) {

  /** One marked block: where it starts (1-based line of the fence), its script and how long it may run. */
  record Block(int line, String script, Duration timeout) {}

  private static final Pattern MARKER = Pattern.compile("^<!--\\s*readme-test\\s+timeout=(\\d+)s\\s*-->\\s*$");

  static ReadmeCommands parse(Path markdown) throws IOException {
    List<String> lines = Files.readAllLines(markdown);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher marker = MARKER.matcher(lines.get(i));
      if (!marker.matches()) {
        continue;
      }
      int fence = i + 1;
      if (fence >= lines.size() || !lines.get(fence).startsWith("```bash")) {
        throw new IllegalArgumentException(
            markdown + ":" + (i + 1) + ": a readme-test marker must stand right before a ```bash fence");
      }
      StringBuilder script = new StringBuilder();
      int j = fence + 1;
      for (; j < lines.size() && !lines.get(j).startsWith("```"); j++) {
        script.append(lines.get(j)).append('\n');
      }
      if (j == lines.size()) {
        throw new IllegalArgumentException(markdown + ":" + (fence + 1) + ": unclosed code fence");
      }
      blocks.add(new Block(fence + 1, script.toString(), Duration.ofSeconds(Long.parseLong(marker.group(1)))));
      i = j;
    }
    return new ReadmeCommands(List.copyOf(blocks));
  }
}
