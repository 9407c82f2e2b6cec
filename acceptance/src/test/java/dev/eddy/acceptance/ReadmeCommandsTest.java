package dev.eddy.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadmeCommandsTest {
  @TempDir Path dir;

  @Test
  void findsOnlyMarkedBashBlocksWithTheirTimeouts() throws Exception {
    Path md = dir.resolve("README.md");
    Files.writeString(
        md,
        String.join(
            "\n",
            "# Title",
            "```bash",
            "echo unmarked",
            "```",
            "<!-- readme-test timeout=30s -->",
            "```bash",
            "echo one",
            "echo two",
            "```",
            "text",
            "<!-- readme-test timeout=5s -->",
            "```bash",
            "echo three",
            "```",
            ""));
    ReadmeCommands commands = ReadmeCommands.parse(md);
    assertThat(commands.blocks())
        .containsExactly(
            new ReadmeCommands.Block(6, "echo one\necho two\n", Duration.ofSeconds(30)),
            new ReadmeCommands.Block(12, "echo three\n", Duration.ofSeconds(5)));
  }

  @Test
  void rejectsAMarkerThatIsNotFollowedByABashFence() throws Exception {
    Path md = dir.resolve("README.md");
    Files.writeString(md, "<!-- readme-test timeout=30s -->\n\n```bash\necho x\n```\n");
    assertThatThrownBy(() -> ReadmeCommands.parse(md)).hasMessageContaining("README.md:1");
  }
}
