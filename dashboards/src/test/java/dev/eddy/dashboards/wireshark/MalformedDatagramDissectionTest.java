package dev.eddy.dashboards.wireshark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Truncated, bit-flipped and random datagrams mixed into the real libswift conversation: each is decoded as far
 * as it goes and flagged with expert info; the dissector never fails (a Lua error would surface either on tshark's
 * stderr or as our "Dissector failure" expert item).
 */
class MalformedDatagramDissectionTest {
  @TempDir Path dir;

  @Test
  void survivesTruncatedMutatedAndRandomDatagrams() throws Exception {
    List<CapturedDatagrams.Datagram> real =
        CapturedDatagrams.read(LibswiftCaptureDissectionTest.CAPTURE);
    assertThat(real).hasSize(219);
    Random random = new Random(7); // fixed seed: a failure reproduces
    Path capture = dir.resolve("malformed.pcap");
    int truncated = 0;
    try (PcapWriter pcap = new PcapWriter(capture)) {
      for (CapturedDatagrams.Datagram d : real) {
        byte[] payload = d.payload();
        pcap.write(d.sourcePort(), d.destinationPort(), payload);
        if (payload.length > 4) {
          int cut = 4 + random.nextInt(Math.min(payload.length - 4, 80));
          pcap.write(d.sourcePort(), d.destinationPort(), Arrays.copyOf(payload, cut));
          truncated++;
        }
        byte[] flipped = payload.clone();
        for (int i = 0; i < 3; i++) {
          flipped[random.nextInt(flipped.length)] ^= (byte) (1 + random.nextInt(255));
        }
        pcap.write(d.sourcePort(), d.destinationPort(), flipped);
        byte[] noise = new byte[1 + random.nextInt(48)]; // UDP hands empty payloads to no dissector
        random.nextBytes(noise);
        pcap.write(d.destinationPort(), d.sourcePort(), noise);
      }
    }

    List<Map<String, String>> frames = new Tshark().fields(capture,
        LibswiftCaptureDissectionTest.DECODE_AS, "_ws.col.Protocol", "_ws.col.Info", "_ws.expert.message");

    assertThat(frames).hasSize(219 * 3 + truncated);
    assertThat(frames).allSatisfy(f -> {
      assertThat(f.get("_ws.col.Protocol")).isEqualTo("PPSPP");
      assertThat(f.get("_ws.expert.message")).doesNotContain("Dissector failure");
    });
    assertThat(frames.stream().filter(f -> f.get("_ws.col.Info").contains("[truncated]")))
        .hasSizeGreaterThan(truncated / 2);
  }
}
