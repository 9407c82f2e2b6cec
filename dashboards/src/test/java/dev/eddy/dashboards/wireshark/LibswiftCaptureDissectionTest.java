package dev.eddy.dashboards.wireshark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dissector on real libswift traffic ({@code vectors/libswift-100k.pcap}, whose README lists the message
 * counts): seeder on port 26000, leecher on 26001.
 */
class LibswiftCaptureDissectionTest {
  static final Path CAPTURE = Path.of(System.getProperty("eddy.vectors"), "libswift-100k.pcap");
  static final List<String> DECODE_AS = List.of("-d", "udp.port==26000,ppspp");
  private static List<Map<String, String>> frames;

  /** One tshark run with every field the tests look at (each run costs a second or more). */
  @BeforeAll
  static void dissect() throws Exception {
    frames = new Tshark().fields(CAPTURE, DECODE_AS, "udp.srcport", "ppspp.channel", "ppspp.type",
        "ppspp.keepalive", "ppspp.source_channel", "ppspp.option", "ppspp.option.version",
        "ppspp.option.min_version", "ppspp.option.swarm_id", "ppspp.option.integrity", "ppspp.option.hash_function",
        "ppspp.option.addressing", "ppspp.close", "_ws.col.Info", "ppspp.hash", "ppspp.timestamp",
        "ppspp.payload_length", "ppspp.delay", "_ws.expert");
  }

  @Test
  void countsEveryMessageTypeAndKeepAliveOfTheCaptureInBothDirections() {
    assertThat(frames).hasSize(219).allSatisfy(f -> assertThat(f.get("ppspp.channel")).isNotEmpty());
    Map<String, Long> byType = new TreeMap<>(frames.stream()
        .flatMap(f -> List.of(f.get("ppspp.type").split(",")).stream())
        .filter(t -> !t.isEmpty())
        .collect(Collectors.groupingBy(Tshark::messageName, Collectors.counting())));
    assertThat(byType).containsExactlyInAnyOrderEntriesOf(Map.of(
        "HANDSHAKE", 3L, "HAVE", 103L, "REQUEST", 9L, "INTEGRITY", 201L, "DATA", 100L, "ACK", 100L,
        "PEX_REQ", 1L));
    assertThat(frames.stream().filter(f -> f.get("ppspp.keepalive").equals("1"))).hasSize(15);
    assertThat(frames.stream().map(f -> f.get("udp.srcport")).distinct()).containsExactlyInAnyOrder("26000", "26001");
  }

  @Test
  void decodesTheHandshakeOptionsOfOpeningReplyAndClose() {
    Map<String, String> opening = frames.get(0);
    assertThat(opening).containsEntry("ppspp.channel", "0x00000000")
        .containsEntry("ppspp.source_channel", "0x613e7dea")
        .containsEntry("ppspp.option", "0,1,2,3,4,6,255")
        .containsEntry("ppspp.option.version", "1")
        .containsEntry("ppspp.option.min_version", "1")
        .containsEntry("ppspp.option.swarm_id", "651258d87cf77ea7b3e5dd7833df8c70a306f1df")
        .containsEntry("ppspp.option.integrity", "1")
        .containsEntry("ppspp.option.hash_function", "0")
        .containsEntry("ppspp.option.addressing", "2");
    Map<String, String> reply = frames.get(1);
    assertThat(reply).containsEntry("ppspp.channel", "0x613e7dea")
        .containsEntry("ppspp.source_channel", "0x611fcaae")
        .containsEntry("ppspp.option", "0,1,3,4,6,255")
        .containsEntry("ppspp.option.swarm_id", "");
    Map<String, String> close = frames.get(218);
    assertThat(close).containsEntry("ppspp.channel", "0x611fcaae")
        .containsEntry("ppspp.source_channel", "0x00000000")
        .containsEntry("ppspp.option", "255")
        .containsEntry("ppspp.close", "1");
  }

  @Test
  void decodesRangesHashesTimestampsAndDelaySamples() {
    assertThat(frames.get(1).get("_ws.col.Info")).isEqualTo(
        "ch 613e7dea: HANDSHAKE[611fcaae v1 SHA-1 32-bit chunk ranges], HAVE[0..63], HAVE[64..95], HAVE[96..99]");
    assertThat(frames.get(2).get("_ws.col.Info")).isEqualTo("ch 611fcaae: REQUEST[0..0], PEX_REQ");
    Map<String, String> firstData = frames.get(3);
    assertThat(firstData.get("_ws.col.Info")).isEqualTo("ch 613e7dea: INTEGRITY[0..63], INTEGRITY[64..95], "
        + "INTEGRITY[96..99], INTEGRITY[32..63], INTEGRITY[16..31], INTEGRITY[8..15], INTEGRITY[4..7], "
        + "INTEGRITY[2..3], INTEGRITY[1..1], DATA[0..0]");
    assertThat(firstData.get("ppspp.hash").split(",")).hasSize(9)
        .allSatisfy(h -> assertThat(h).hasSize(40))
        .startsWith("a227834dbaf2e07fed80186bf4b5bb53b8762a93");
    assertThat(firstData.get("ppspp.payload_length")).isEqualTo("1024");
    assertThat(Long.parseLong(firstData.get("ppspp.timestamp"))).isBetween(1_700_000_000_000_000L,
        2_000_000_000_000_000L);
    assertThat(frames.get(4)).containsEntry("_ws.col.Info", "ch 611fcaae: HAVE[0..0], ACK[0..0], REQUEST[32..63]")
        .containsEntry("ppspp.delay", "266");
  }

  @Test
  void findsPpsppByItsHandshakesWithoutDecodeAs() throws Exception {
    List<Map<String, String>> heuristic = new Tshark().fields(CAPTURE,
        List.of("-o", "udp.try_heuristic_first:TRUE"), "_ws.col.Protocol", "_ws.col.Info");

    assertThat(heuristic).allSatisfy(f -> assertThat(f.get("_ws.col.Protocol")).isEqualTo("PPSPP"));
    assertThat(heuristic.stream().map(f -> f.get("_ws.col.Info")).toList())
        .isEqualTo(frames.stream().map(f -> f.get("_ws.col.Info")).toList());
  }

  @Test
  void realTrafficRaisesNoWarningsOrErrors() {
    assertThat(frames).allSatisfy(f -> assertThat(f.get("_ws.expert")).doesNotContain("Warning")
        .doesNotContain("Error"));
  }
}
