package dev.eddy.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each event committed once with threshold 0 and read back from the dumped file, field by field. */
class RecordedEventsTest {
  @TempDir Path dir;

  @Test
  void everyEventRoundTripsThroughARecordingFile() throws Exception {
    Path file = dir.resolve("all.jfr");
    try (Recording r = new Recording()) {
      PpsppEvents.TYPES.forEach(t -> r.enable(t).withThreshold(Duration.ZERO));
      r.start();
      Samples.commitOneOfEach();
      r.stop();
      r.dump(file);
    }
    Map<String, RecordedEvent> byName =
        RecordingFile.readAllEvents(file).stream()
            .filter(e -> e.getEventType().getName().startsWith("dev.eddy.ppspp."))
            .collect(Collectors.toMap(e -> e.getEventType().getName(), Function.identity()));
    assertThat(byName.keySet())
        .containsExactlyInAnyOrderElementsOf(PpsppEvents.TYPES.stream().map(t -> jdk.jfr.EventType.getEventType(t).getName()).toList());

    RecordedEvent sent = byName.get("dev.eddy.ppspp.MessageSent");
    assertThat(sent.getString("messageType")).isEqualTo("DATA");
    assertThat(sent.getLong("localChannel")).isEqualTo(0xfedcba98L);
    assertThat(sent.getLong("remoteChannel")).isEqualTo(0x80000001L);
    assertThat(sent.getString("remoteAddress")).isEqualTo("127.0.0.1:7777");
    assertThat(sent.getString("swarmId")).isEqualTo("e5a12c7ad2d8fab3");
    assertThat(sent.getLong("chunkStart")).isEqualTo(16);
    assertThat(sent.getLong("chunkEnd")).isEqualTo(16);
    assertThat(sent.getLong("datagramBytes")).isEqualTo(1060);
    assertThat(sent.getStackTrace()).isNull();

    RecordedEvent received = byName.get("dev.eddy.ppspp.MessageReceived");
    assertThat(received.getString("messageType")).isEqualTo("ACK");
    assertThat(received.getLong("chunkEnd")).isEqualTo(31);

    RecordedEvent dropped = byName.get("dev.eddy.ppspp.DatagramDropped");
    assertThat(dropped.getString("reason")).isEqualTo("malformed");
    assertThat(dropped.getString("detail")).isEqualTo("truncated HAVE at offset 4");
    assertThat(dropped.getLong("datagramBytes")).isEqualTo(7);

    RecordedEvent opened = byName.get("dev.eddy.ppspp.ChannelOpened");
    assertThat(opened.getInt("protocolVersion")).isEqualTo(1);
    assertThat(opened.getString("contentIntegrity")).isEqualTo("Merkle hash tree (1)");
    assertThat(opened.getString("merkleHashFunction")).isEqualTo("SHA-1 (0)");
    assertThat(opened.getString("chunkAddressing")).isEqualTo("32-bit chunk ranges (2)");
    assertThat(opened.getLong("chunkSize")).isEqualTo(1024);
    assertThat(opened.getBoolean("initiatedLocally")).isTrue();
    assertThat(opened.getDuration("handshakeTime")).isEqualTo(Duration.ofMillis(3));

    RecordedEvent closed = byName.get("dev.eddy.ppspp.ChannelClosed");
    assertThat(closed.getString("reason")).isEqualTo("closed by peer");
    assertThat(closed.getLong("duplicateChunks")).isEqualTo(3);
    assertThat(closed.getDuration("chokedByRemoteTime")).isEqualTo(Duration.ofMillis(500));
    RecordedEvent pex = byName.get("dev.eddy.ppspp.PexContact");
    assertThat(pex.getString("offeredAddress")).isEqualTo("127.0.0.1:7802");
    assertThat(pex.getBoolean("tracker")).isTrue();
    RecordedEvent peer = byName.get("dev.eddy.ppspp.PeerStatistics");
    assertThat(peer.getDuration("chokedByRemoteTime")).isEqualTo(Duration.ofMillis(1500));
    assertThat(peer.getDouble("contentShare")).isEqualTo(0.25);
    assertThat(closed.getLong("bytesReceived")).isEqualTo(1 << 20);
    assertThat(closed.getLong("chunksReceived")).isEqualTo(1024);
    assertThat(closed.getDuration("lifetime")).isEqualTo(Duration.ofSeconds(2));

    assertThat(byName.get("dev.eddy.ppspp.IntegrityFailure").getString("detail")).contains("expected");
    assertThat(byName.get("dev.eddy.ppspp.ChunkVerified").getLong("bytes")).isEqualTo(1024);
    RecordedEvent retransmission = byName.get("dev.eddy.ppspp.Retransmission");
    assertThat(retransmission.getInt("attempt")).isEqualTo(2);
    assertThat(retransmission.getDuration("timeout")).isEqualTo(Duration.ofMillis(250));
    assertThat(byName.get("dev.eddy.ppspp.Choke").getBoolean("byRemote")).isTrue();
    assertThat(byName.get("dev.eddy.ppspp.Unchoke").getBoolean("byRemote")).isFalse();

    RecordedEvent swarm = byName.get("dev.eddy.ppspp.SwarmStatistics");
    assertThat(swarm.getDouble("progress")).isEqualTo(0.25);
    assertThat(swarm.getLong("downloadRate")).isEqualTo(5_000_000);
    RecordedEvent congestion = byName.get("dev.eddy.ppspp.CongestionState");
    assertThat(congestion.getLong("congestionWindow")).isEqualTo(64 * 1024);
    assertThat(congestion.getDuration("queuingDelay")).isEqualTo(Duration.ofMillis(25));
  }

  @Test
  void disabledMessageEventsReportOffAndRecordNothing() throws Exception {
    assertThat(MessageSentEvent.isOn()).isFalse();
    Path file = dir.resolve("none.jfr");
    try (Recording r = new Recording()) {
      r.enable(ChannelOpenedEvent.class);
      r.start();
      assertThat(MessageSentEvent.isOn()).isFalse();
      assertThat(MessageReceivedEvent.isOn()).isFalse();
      assertThat(ChunkVerifiedEvent.isOn()).isFalse();
      Samples.commitOneOfEach();
      r.stop();
      r.dump(file);
    }
    List<String> names = RecordingFile.readAllEvents(file).stream().map(e -> e.getEventType().getName()).toList();
    assertThat(names).contains("dev.eddy.ppspp.ChannelOpened").doesNotContain("dev.eddy.ppspp.MessageSent", "dev.eddy.ppspp.ChunkVerified");
  }

  @Test
  void probesFollowRecordingsThatEnableTheEvents() {
    try (Recording r = new Recording()) {
      r.enable(MessageSentEvent.class);
      r.start();
      assertThat(MessageSentEvent.isOn()).isTrue();
      assertThat(MessageReceivedEvent.isOn()).isFalse();
      r.stop();
    }
    assertThat(MessageSentEvent.isOn()).isFalse();
  }
}
