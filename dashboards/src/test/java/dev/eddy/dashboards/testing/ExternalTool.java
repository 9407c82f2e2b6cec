package dev.eddy.dashboards.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * A command-line tool a test drives (tshark, chromium). On a developer machine a missing tool skips the test; in
 * CI ({@code CI=true}, where {@code .ci/run} installs the tools) a missing tool fails it, so a broken CI image can
 * never turn these tests into silent passes.
 */
public final class ExternalTool {
  private ExternalTool() {}

  /** The tool's absolute path, found on {@code PATH} under any of {@code names}. */
  public static Path require(String... names) {
    for (String name : names) {
      Optional<Path> found = onPath(name);
      if (found.isPresent()) {
        return found.get();
      }
    }
    String message = String.join("/", names) + " is not installed (.ci/run installs it)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message);
    }
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate.toAbsolutePath());
      }
    }
    return Optional.empty();
  }
}
