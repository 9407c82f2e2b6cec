package dev.eddy.dashboards.wireshark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.dashboards.testing.JsonLines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our two decoders of the wire format, written independently (the Lua dissector and the peer's codec behind
 * {@code eddy inspect}), agree on every message of the real libswift capture: type, channel, source channel,
 * chunk ranges, hashes, timestamps, payload lengths, delay samples and handshake options.
 */
@Timeout(120)
class InspectAgreementIT {
  static final Path ROOT = Path.of(System.getProperty("eddy.root"));
  static final Path PEER_JAR = ROOT.resolve("peer/target/eddy-peer.jar");
  @TempDir Path dir;

  @Test
  void dissectorAndEddyInspectAgreeOnEveryMessage() throws Exception {
    Map<Integer, Map<String, List<String>>> inspect = fromInspect();
    Map<Integer, Map<String, List<String>>> dissector = fromDissector();

    assertThat(inspect).hasSize(219);
    assertThat(dissector.keySet()).isEqualTo(inspect.keySet());
    for (int frame : inspect.keySet()) {
      assertThat(dissector.get(frame)).as("frame %d", frame).isEqualTo(inspect.get(frame));
    }
  }

  /** Per frame, per field, the values of the frame's messages in order. */
  private Map<Integer, Map<String, List<String>>> fromInspect() throws Exception {
    assertThat(PEER_JAR).as("the peer's jar, built by mvn verify from the repository root").isRegularFile();
    Path out = dir.resolve("inspect.jsonl");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        PEER_JAR.toString(), "inspect", LibswiftCaptureDissectionTest.CAPTURE.toString(), "--port", "26000", "--json")
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    Map<Integer, Map<String, List<String>>> frames = new TreeMap<>();
    for (Map<String, Object> m : JsonLines.parse(text)) {
      Map<String, List<String>> f = frames.computeIfAbsent(((Long) m.get("frame")).intValue(), k -> fields());
      f.get("channel").add((String) m.get("channel"));
      String type = (String) m.get("type");
      if (type.equals("KEEPALIVE")) {
        f.get("keepalive").add("1");
        continue;
      }
      f.get("type").add(type);
      add(f, "source_channel", m.get("source_channel"));
      add(f, "start", m.get("start"));
      add(f, "end", m.get("end"));
      add(f, "hash", m.get("hash"));
      add(f, "timestamp", m.get("timestamp"));
      add(f, "length", m.get("length"));
      add(f, "delay", m.get("delay"));
      @SuppressWarnings("unchecked")
      Map<String, Object> options = (Map<String, Object>) m.get("options");
      if (options != null) {
        add(f, "version", options.get("version"));
        add(f, "min_version", options.get("min_version"));
        add(f, "swarm_id", options.get("swarm_id"));
        add(f, "content_integrity", options.get("content_integrity"));
        add(f, "merkle_hash_function", options.get("merkle_hash_function"));
        add(f, "chunk_addressing", options.get("chunk_addressing"));
      }
    }
    // A datagram's channel appears once per message in inspect's output, once per datagram in the dissector's.
    frames.values().forEach(f -> f.put("channel", new ArrayList<>(f.get("channel").subList(0, 1))));
    return frames;
  }

  private Map<Integer, Map<String, List<String>>> fromDissector() throws Exception {
    String[] names = {"frame.number", "ppspp.channel", "ppspp.keepalive", "ppspp.type", "ppspp.source_channel",
        "ppspp.chunk.start", "ppspp.chunk.end", "ppspp.hash", "ppspp.timestamp", "ppspp.payload_length",
        "ppspp.delay", "ppspp.option.version", "ppspp.option.min_version", "ppspp.option.swarm_id",
        "ppspp.option.integrity", "ppspp.option.hash_function", "ppspp.option.addressing"};
    String[] keys = {"frame", "channel", "keepalive", "type", "source_channel", "start", "end", "hash", "timestamp",
        "length", "delay", "version", "min_version", "swarm_id", "content_integrity", "merkle_hash_function",
        "chunk_addressing"};
    Map<Integer, Map<String, List<String>>> frames = new TreeMap<>();
    for (Map<String, String> row : new Tshark().fields(LibswiftCaptureDissectionTest.CAPTURE,
        LibswiftCaptureDissectionTest.DECODE_AS, names)) {
      Map<String, List<String>> f = fields();
      for (int i = 1; i < names.length; i++) {
        String value = row.get(names[i]);
        if (!value.isEmpty()) {
          for (String v : value.split(",")) {
            f.get(keys[i]).add(normalise(keys[i], v));
          }
        }
      }
      frames.put(Integer.parseInt(row.get("frame.number")), f);
    }
    return frames;
  }

  private static String normalise(String key, String value) {
    return switch (key) {
      case "channel", "source_channel" -> value.replaceFirst("^0x", "");
      case "type" -> Tshark.messageName(value);
      default -> value;
    };
  }

  private static Map<String, List<String>> fields() {
    Map<String, List<String>> f = new LinkedHashMap<>();
    for (String k : new String[] {"channel", "keepalive", "type", "source_channel", "start", "end", "hash",
        "timestamp", "length", "delay", "version", "min_version", "swarm_id", "content_integrity",
        "merkle_hash_function", "chunk_addressing"}) {
      f.put(k, new ArrayList<>());
    }
    return f;
  }

  private static void add(Map<String, List<String>> f, String key, Object value) {
    if (value != null) {
      f.get(key).add(String.valueOf(value));
    }
  }
}
