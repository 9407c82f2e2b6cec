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

/**
 * A capture as each of our two decoders sees it: per frame, per field (type, channel, ranges, hashes, ...), the
 * values of the frame's messages in order, normalised so the two can be compared with equals.
 */
public final class DecoderViews {
  static final Path PEER_JAR = Path.of(System.getProperty("eddy.root", ".."), "peer", "target", "eddy-peer.jar");

  private DecoderViews() {}

  /** Every frame's view, compared one by one so a difference names its frame. */
  public static void assertAgree(Path capture, int port, Path workDir, int expectedFrames) throws Exception {
    Map<Integer, Map<String, List<String>>> inspect = fromInspect(capture, port, workDir);
    Map<Integer, Map<String, List<String>>> dissector = fromDissector(capture, port);
    assertThat(inspect).hasSize(expectedFrames);
    assertThat(dissector.keySet()).isEqualTo(inspect.keySet());
    for (int frame : inspect.keySet()) {
      assertThat(dissector.get(frame)).as("frame %d", frame).isEqualTo(inspect.get(frame));
    }
  }

  /** Message counts by type of the datagrams each side sent, and the number of frames, from one tshark run. */
  public record Counts(int frames, Map<String, Long> fromPort, Map<String, Long> toPort) {}

  public static Counts messageCounts(Path capture, int port) throws Exception {
    List<Map<String, String>> rows = new Tshark().fields(capture, List.of("-d", "udp.port==" + port + ",ppspp"),
        "udp.srcport", "ppspp.type");
    Map<String, Long> fromPort = new TreeMap<>();
    Map<String, Long> toPort = new TreeMap<>();
    for (Map<String, String> row : rows) {
      Map<String, Long> side = Integer.parseInt(row.get("udp.srcport")) == port ? fromPort : toPort;
      for (String t : row.get("ppspp.type").split(",")) {
        if (!t.isEmpty()) {
          side.merge(Tshark.messageName(t), 1L, Long::sum);
        }
      }
    }
    return new Counts(rows.size(), fromPort, toPort);
  }

  /** Per frame, per field, the values of the frame's messages in order. */
  static Map<Integer, Map<String, List<String>>> fromInspect(Path capture, int port, Path dir) throws Exception {
    assertThat(PEER_JAR).as("the peer's jar, built by mvn verify from the repository root").isRegularFile();
    Path out = dir.resolve("inspect-" + port + ".jsonl");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        PEER_JAR.toString(), "inspect", capture.toString(), "--port", String.valueOf(port), "--json")
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    Map<Integer, Map<String, List<String>>> frames = new TreeMap<>();
    String datagram = "";
    for (Map<String, Object> m : JsonLines.parse(text)) {
      Map<String, List<String>> f = frames.computeIfAbsent(((Long) m.get("frame")).intValue(), k -> fields());
      // A datagram's channel appears once per message in inspect's output, once per datagram in the dissector's
      // (a segmentation-offload run holds several datagrams, each line names its segment).
      String next = m.get("frame") + "/" + m.get("segment");
      if (!next.equals(datagram)) {
        f.get("channel").add((String) m.get("channel"));
        datagram = next;
      }
      String type = (String) m.get("type");
      if (type == null) {
        continue; // an error or warning line: the dissector's expert info, not compared here
      }
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
    return frames;
  }

  static Map<Integer, Map<String, List<String>>> fromDissector(Path capture, int port) throws Exception {
    String[] names = {"frame.number", "ppspp.channel", "ppspp.keepalive", "ppspp.type", "ppspp.source_channel",
        "ppspp.chunk.start", "ppspp.chunk.end", "ppspp.hash", "ppspp.timestamp", "ppspp.payload_length",
        "ppspp.delay", "ppspp.option.version", "ppspp.option.min_version", "ppspp.option.swarm_id",
        "ppspp.option.integrity", "ppspp.option.hash_function", "ppspp.option.addressing"};
    String[] keys = {"frame", "channel", "keepalive", "type", "source_channel", "start", "end", "hash", "timestamp",
        "length", "delay", "version", "min_version", "swarm_id", "content_integrity", "merkle_hash_function",
        "chunk_addressing"};
    Map<Integer, Map<String, List<String>>> frames = new TreeMap<>();
    for (Map<String, String> row : new Tshark().fields(capture, List.of("-d", "udp.port==" + port + ",ppspp"),
        names)) {
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
