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

  @Test
  void aMistypedFaultInjectionPropertyIsRefusedNotIgnored(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = java.nio.file.Files.write(dir.resolve("c.bin"), new byte[4096]);
    StringWriter err = new StringWriter();
    System.setProperty("eddy.fault.corruptChunk", "first");
    try {
      int exit = EddyCommand.newCommandLine().setErr(new PrintWriter(err)).execute("seed", file.toString(), "--listen", "127.0.0.1:0");
      assertThat(exit).isEqualTo(2);
    } finally {
      System.clearProperty("eddy.fault.corruptChunk");
    }
    assertThat(err.toString()).contains("-Deddy.fault.corruptChunk=first: a chunk number (0 or more) or all");
  }

  @Test
  void aStallLongerThanTenSecondsOrNotADurationIsRefused() {
    for (String value : new String[] {"forever", "0ms", "11s"}) {
      StringWriter err = new StringWriter();
      System.setProperty("eddy.fault.stallReceive", value);
      try {
        int exit = EddyCommand.newCommandLine().setErr(new PrintWriter(err))
            .execute("get", "00".repeat(20), "--peer", "127.0.0.1:9", "--timeout", "1s");
        assertThat(exit).isEqualTo(2);
      } finally {
        System.clearProperty("eddy.fault.stallReceive");
      }
      assertThat(err.toString()).contains("-Deddy.fault.stallReceive=" + value + ": ");
    }
  }
}
