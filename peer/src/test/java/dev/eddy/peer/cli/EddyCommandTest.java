package dev.eddy.peer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class EddyCommandTest {
  @Test
  void unknownSubcommandIsAUsageErrorNotACrash() {
    StringWriter err = new StringWriter();
    int exit = EddyCommand.newCommandLine().setErr(new PrintWriter(err)).execute("no-such-command");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("no-such-command");
  }

  @Test
  void helpExamplesStayOnOneLine() {
    java.util.Map<String, String> examples = java.util.Map.of(
        "get", "  eddy get 651258d87cf77ea7b3e5dd7833df8c70a306f1df --peer 127.0.0.1:7777 --output content.bin",
        "hash", "  eddy hash movie.mp4 --chunk-size 8192 --hash-function sha256",
        "inspect", "  eddy inspect vectors/libswift-100k.pcap --port 26000 --json",
        "seed", "  eddy seed movie.mp4 --listen 127.0.0.1:7777");
    examples.forEach((command, example) -> {
      StringWriter out = new StringWriter();
      assertThat(EddyCommand.newCommandLine().setOut(new PrintWriter(out)).execute(command, "--help")).isZero();
      assertThat(out.toString().lines()).as(command).contains(example);
    });
  }
}
