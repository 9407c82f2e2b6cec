package dev.eddy.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.dashboards.testing.ChildProcess;
import dev.eddy.dashboards.testing.ExternalTool;
import dev.eddy.dashboards.testing.JsonLines;
import dev.eddy.dashboards.wireshark.DecoderViews;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real transfer between two Eddy peers on loopback as a user runs it, segmentation offload on (the default),
 * the seeder announcing 32-bit bins and the downloader 32-bit chunk ranges, captured with dumpcap on the sending
 * host. {@code eddy inspect} splits the seeder's segmentation-offload runs back into datagrams and decodes each
 * direction with its sender's options, without an error, and the Wireshark dissector agrees message by message.
 */
@Timeout(120)
class OffloadedTransferIT {
  @TempDir Path dir;

  @Test
  void inspectAndDissectorSplitRunsAndDecodeEachDirectionWithItsSendersAddressing() throws Exception {
    Path dumpcap = ExternalTool.require("dumpcap");
    int port;
    try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Path capture = dir.resolve("offloaded.pcapng");
    try (ChildProcess capturing = ChildProcess.start("dumpcap", dir, List.of(dumpcap.toString(), "-i", "lo", "-f",
            "udp port " + port, "-w", capture.toString()));
        ChildProcess seeder = ChildProcess.java("seeder", dir, RealTransferIT.PEER_JAR, List.of("seed",
            RealTransferIT.CONTENT.toString(), "--listen", "127.0.0.1:" + port, "--chunk-addressing", "bins32"))) {
      capturing.awaitOutput("Capturing on", Duration.ofSeconds(20));
      seeder.awaitOutput("Listening on", Duration.ofSeconds(30));
      ChildProcess leecher = ChildProcess.java("leecher", dir, RealTransferIT.PEER_JAR, List.of("get",
          RealTransferIT.SWARM, "--peer", "127.0.0.1:" + port, "--output", dir.resolve("content.bin").toString(),
          "--timeout", "60s"));
      assertThat(leecher.await(Duration.ofSeconds(90))).as(leecher.output()).isZero();
      seeder.stop();
      Thread.sleep(300); // let the last datagrams reach the capture buffer
      capturing.stop();
    }
    assertThat(dir.resolve("content.bin")).hasSameBinaryContentAs(RealTransferIT.CONTENT);

    ChildProcess inspect = ChildProcess.java("inspect", dir, RealTransferIT.PEER_JAR, List.of("inspect",
        capture.toString(), "--port", String.valueOf(port), "--json"));
    assertThat(inspect.await(Duration.ofSeconds(60))).as(inspect.output()).isZero();
    List<Map<String, Object>> lines = JsonLines.parse(inspect.output());
    assertThat(lines).as("no error or warning").allSatisfy(m -> assertThat(m).containsKey("type"));
    String seeder = "127.0.0.1:" + port;
    List<Map<String, Object>> data = lines.stream()
        .filter(m -> m.get("type").equals("DATA") && m.get("src").equals(seeder)).toList();
    TreeSet<Long> chunks = data.stream().map(m -> (Long) m.get("start")).collect(Collectors.toCollection(TreeSet::new));
    assertThat(chunks).as("every chunk of 100 arrived as DATA").hasSize(100).startsWith(0L);
    assertThat(data).as("the seeder writes bins").allSatisfy(m -> assertThat(m).containsKey("bin"));
    assertThat(data).as("most DATA left in segmentation-offload runs")
        .filteredOn(m -> m.containsKey("segment")).hasSizeGreaterThan(50);
    assertThat(lines).filteredOn(m -> m.get("type").equals("REQUEST") && !m.get("src").equals(seeder))
        .as("the downloader writes chunk ranges").isNotEmpty().allSatisfy(m -> assertThat(m).doesNotContainKey("bin"));

    int frames = DecoderViews.messageCounts(capture, port).frames();
    DecoderViews.assertAgree(capture, port, dir, frames);
  }
}
