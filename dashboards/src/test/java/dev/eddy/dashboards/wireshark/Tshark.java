package dev.eddy.dashboards.wireshark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.dashboards.testing.ExternalTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs tshark with our PPSPP dissector loaded, as a user would from the command line. */
final class Tshark {
  static final Path DISSECTOR = Path.of("wireshark", "ppspp.lua").toAbsolutePath();
  private final Path executable = ExternalTool.require("tshark");

  /** Plain tshark output (summary lines, or the packet tree with {@code -V}). */
  String run(Path capture, String... options) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(executable.toString(), "-n", "-X",
        "lua_script:" + DISSECTOR, "-r", capture.toString()));
    command.addAll(List.of(options));
    Path out = Files.createTempFile("tshark", ".out");
    Path err = Files.createTempFile("tshark", ".err");
    try {
      Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      boolean finished = process.waitFor(60, TimeUnit.SECONDS);
      if (!finished) {
        process.destroyForcibly().waitFor();
      }
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      assertThat(finished).as("tshark finished within 60 s").isTrue();
      assertThat(process.exitValue()).as("tshark exit status; stderr: %s", stderr).isZero();
      // tshark reports a broken Lua script on stderr and carries on without it: that must fail the test.
      assertThat(stderr).as("tshark stderr").doesNotContain("Lua: Error").doesNotContain("Lua Error");
      return Files.readString(out, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /**
   * One row per frame, field name to value; a field occurring several times in a frame (one per message) has
   * its values joined by commas, in message order.
   */
  List<Map<String, String>> fields(Path capture, List<String> options, String... fields)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(options);
    command.addAll(List.of("-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,"));
    for (String field : fields) {
      command.add("-e");
      command.add(field);
    }
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : run(capture, command.toArray(String[]::new)).split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      String[] values = line.split("\t", -1);
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < fields.length; i++) {
        row.put(fields[i], i < values.length ? values[i] : "");
      }
      rows.add(row);
    }
    return rows;
  }

  private static final List<String> MESSAGE_NAMES = List.of("HANDSHAKE", "DATA", "ACK", "HAVE", "INTEGRITY",
      "PEX_RESv4", "PEX_REQ", "SIGNED_INTEGRITY", "REQUEST", "CANCEL", "CHOKE", "UNCHOKE", "PEX_RESv6",
      "PEX_REScert");

  /** RFC 7574 name of a message type as tshark prints the {@code ppspp.type} field (its number). */
  static String messageName(String type) {
    int code = Integer.parseInt(type);
    return code < MESSAGE_NAMES.size() ? MESSAGE_NAMES.get(code) : "type " + code;
  }
}
