package dev.eddy.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs, in order, every command block of the README marked for testing, as a newcomer would paste them into a
 * shell at the repository root, so the README cannot drift from the product.
 */
class ReadmeIT {

  private static final Path ROOT = Path.of(System.getProperty("eddy.root", "..")).toAbsolutePath().normalize();

  @Test
  void everyMarkedReadmeBlockRunsSuccessfullyInOrder() throws Exception {
    ReadmeCommands readme = ReadmeCommands.parse(ROOT.resolve("README.md"));
    assertThat(readme.blocks()).as("README blocks marked for testing").isNotEmpty();
    for (ReadmeCommands.Block block : readme.blocks()) {
      run(block);
    }
  }

  private static void run(ReadmeCommands.Block block) throws IOException, InterruptedException {
    Path log = Files.createTempFile("readme-block-" + block.line() + "-", ".log");
    Process process =
        new ProcessBuilder("bash", "-euo", "pipefail", "-c", block.script())
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    boolean finished = process.waitFor(block.timeout().toMillis(), TimeUnit.MILLISECONDS);
    // A block may start servers in the background; none may outlive it.
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    if (!finished) {
      process.destroyForcibly().waitFor();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(finished)
        .as("README block at line %d finished within %s; output:%n%s", block.line(), block.timeout(), output)
        .isTrue();
    assertThat(process.exitValue())
        .as("exit status of README block at line %d; output:%n%s", block.line(), output)
        .isZero();
    Files.deleteIfExists(log);
  }
}
