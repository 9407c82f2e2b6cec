package dev.eddy.peer.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.jfr.PpsppEvents;
import dev.eddy.peer.wire.DatagramDecoder;
import dev.eddy.peer.wire.DecodeResult;
import dev.eddy.peer.wire.DecodingContext;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import jdk.jfr.EventType;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real transfers between `eddy` JVMs on 127.0.0.1, recorded the ways the README shows (`--record`, and
 * `jcmd JFR.start` on a running seeder): the recordings alone explain the transfer.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class FlightRecordingIT {
  private static final int SIZE = 256 * 1024 + 333; // 257 chunks of 1 KiB, the last one short
  private static final long CHUNKS = 257;
  private static final Path JDK_BIN = Path.of(System.getProperty("java.home"), "bin");
  private static final Path MESSAGES_JFC =
      Path.of(System.getProperty("eddy.root", "..")).resolve("jfr-events/src/main/resources/dev/eddy/jfr/ppspp-messages.jfc").toAbsolutePath();

  @TempDir static Path dir;
  static Path content;

  @BeforeAll
  static void writeContent() throws IOException {
    content = dir.resolve("content.bin");
    byte[] bytes = new byte[SIZE];
    new Random(11).nextBytes(bytes);
    Files.write(content, bytes);
  }

  @Test
  void jcmdOnARunningSeederAndRecordOnTheDownloaderSeeTheSameMessages() throws Exception {
    Path seedJfr = dir.resolve("seed-jcmd.jfr");
    Path getJfr = dir.resolve("get-messages.jfr");
    try (EddyProcess.Seeder seed = EddyProcess.seed(dir, content, List.of())) {
      long pid = seed.process().process.pid();
      jcmd(pid, "JFR.start", "name=eddy", "settings=default", "settings=" + MESSAGES_JFC);
      try (EddyProcess get = EddyProcess.start(dir, List.of(), "get", seed.swarmId(), "--peer", seed.address(),
          "--output", dir.resolve("jcmd.bin").toString(), "--timeout", "60s", "--record", getJfr.toString(), "--record-settings", "messages")) {
        assertThat(get.waitFor(90)).as(get.err()).isZero();
      }
      jcmd(pid, "JFR.dump", "name=eddy", "filename=" + seedJfr);
      jcmd(pid, "JFR.stop", "name=eddy");
    }
    List<RecordedEvent> seeder = ours(seedJfr);
    List<RecordedEvent> getter = ours(getJfr);

    // Every message the seeder sent arrived and was recorded by the downloader, type by type, and back.
    Map<String, Long> seederSent = countByType(seeder, "MessageSent");
    assertThat(seederSent).containsKeys("HANDSHAKE", "DATA", "INTEGRITY");
    assertThat(countByType(getter, "MessageReceived")).isEqualTo(seederSent);
    Map<String, Long> getterSent = countByType(getter, "MessageSent");
    assertThat(getterSent).containsKeys("HANDSHAKE", "REQUEST", "ACK");
    // An empty datagram (keep-alive) carries no message to decode, so the receiving side has none to report.
    getterSent.remove("KEEPALIVE");
    assertThat(countByType(seeder, "MessageReceived")).isEqualTo(getterSent);

    // ... and agrees with the peers' own counters, reported when the channel closed.
    RecordedEvent seederClosed = only(seeder, "ChannelClosed");
    assertThat(seederClosed.getLong("chunksSent")).isEqualTo(seederSent.get("DATA"));
    RecordedEvent getterClosed = only(getter, "ChannelClosed");
    assertThat(getterClosed.getLong("chunksReceived")).isEqualTo(CHUNKS);
    assertThat(getterClosed.getLong("bytesReceived")).isEqualTo(SIZE);
    // Verified runs cover every chunk exactly once, with every payload byte.
    List<RecordedEvent> verified = named(getter, "ChunkVerified");
    List<Long> verifiedChunks = verified.stream()
        .flatMap(e -> java.util.stream.LongStream.rangeClosed(e.getLong("chunkStart"), e.getLong("chunkEnd")).boxed())
        .sorted()
        .toList();
    assertThat(verifiedChunks).containsExactlyElementsOf(java.util.stream.LongStream.range(0, CHUNKS).boxed().toList());
    assertThat(verified.stream().mapToLong(e -> e.getLong("bytes")).sum()).isEqualTo(SIZE);

    // Both ends recorded the options they agreed on.
    for (List<RecordedEvent> side : List.of(seeder, getter)) {
      RecordedEvent opened = only(side, "ChannelOpened");
      assertThat(opened.getInt("protocolVersion")).isEqualTo(1);
      assertThat(opened.getString("contentIntegrity")).isEqualTo("merkle (1)");
      assertThat(opened.getString("merkleHashFunction")).isEqualTo("sha1 (0)");
      assertThat(opened.getString("chunkAddressing")).isEqualTo("32-bit chunk ranges (2)");
      assertThat(opened.getLong("chunkSize")).isEqualTo(1024);
      assertThat(opened.getDuration("handshakeTime")).isPositive();
    }
    assertThat(only(getter, "ChannelOpened").getBoolean("initiatedLocally")).isTrue();
    assertThat(only(seeder, "ChannelOpened").getBoolean("initiatedLocally")).isFalse();
    assertThat(named(seeder, "SwarmStatistics")).isNotEmpty().allMatch(e -> e.getLong("chunksTotal") == CHUNKS);

    // The JDK's own tool reads the file and lists every one of our types.
    String print = run(JDK_BIN.resolve("jfr").toString(), "print", "--events", "dev.eddy.ppspp.ChannelOpened", getJfr.toString());
    assertThat(print).contains("dev.eddy.ppspp.ChannelOpened", "chunkAddressing = \"32-bit chunk ranges (2)\"");
    String summary = run(JDK_BIN.resolve("jfr").toString(), "summary", getJfr.toString());
    for (Class<? extends jdk.jfr.Event> type : PpsppEvents.TYPES) {
      assertThat(summary).contains(EventType.getEventType(type).getName());
    }
  }

  @Test
  void corruptChunkAndMalformedDatagramAreRecordedWithTheirReasons() throws Exception {
    Path seedJfr = dir.resolve("seed-record.jfr");
    Path getJfr = dir.resolve("get-default.jfr");
    byte[] malformed = {0, 0, 0, 0, (byte) 0xEE, 1, 2}; // channel 0, then message type 0xEE, which RFC 7574 does not define
    String decoderReason =
        ((DecodeResult.Malformed) DatagramDecoder.decode(Unpooled.wrappedBuffer(malformed), DecodingContext.DEFAULT.withChunkSize(1024)))
            .error().toString();
    try (EddyProcess.Seeder seed = EddyProcess.seed(dir, content, List.of("-Deddy.fault.corruptChunk=0"), "--record", seedJfr.toString())) {
      try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
        String[] hostPort = seed.address().split(":");
        socket.send(new DatagramPacket(malformed, malformed.length, new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]))));
      }
      try (EddyProcess get = EddyProcess.start(dir, List.of(), "get", seed.swarmId(), "--peer", seed.address(),
          "--output", dir.resolve("corrupt.bin").toString(), "--timeout", "30s", "--record", getJfr.toString())) {
        assertThat(get.waitFor(60)).as(get.err()).isNotZero();
      }
    } // SIGTERM, as Ctrl-C: the seeder's recording is written by its exit

    RecordedEvent failure = named(ours(getJfr), "IntegrityFailure").get(0);
    assertThat(failure.getLong("chunkStart")).isEqualTo(0);
    assertThat(failure.getString("detail")).isNotBlank();
    assertThat(failure.getString("remoteAddress")).startsWith("127.0.0.1:");
    assertThat(named(ours(getJfr), "MessageReceived")).as("per-message events are off in ppspp.jfc").isEmpty();

    List<RecordedEvent> drops = named(ours(seedJfr), "DatagramDropped");
    assertThat(drops).hasSize(1);
    assertThat(drops.get(0).getString("reason")).isEqualTo("malformed");
    assertThat(drops.get(0).getString("detail")).isEqualTo(decoderReason);
    assertThat(drops.get(0).getLong("datagramBytes")).isEqualTo(malformed.length);
  }

  private static List<RecordedEvent> ours(Path file) throws IOException {
    return RecordingFile.readAllEvents(file).stream().filter(e -> e.getEventType().getName().startsWith("dev.eddy.ppspp.")).toList();
  }

  private static List<RecordedEvent> named(List<RecordedEvent> events, String simpleName) {
    Predicate<RecordedEvent> match = e -> e.getEventType().getName().equals("dev.eddy.ppspp." + simpleName);
    return events.stream().filter(match).toList();
  }

  private static RecordedEvent only(List<RecordedEvent> events, String simpleName) {
    List<RecordedEvent> found = named(events, simpleName);
    assertThat(found).as(simpleName).hasSize(1);
    return found.get(0);
  }

  private static Map<String, Long> countByType(List<RecordedEvent> events, String simpleName) {
    return new HashMap<>(named(events, simpleName).stream().collect(Collectors.groupingBy(e -> e.getString("messageType"), Collectors.counting())));
  }

  private static void jcmd(long pid, String... command) throws Exception {
    String[] full = new String[command.length + 2];
    full[0] = JDK_BIN.resolve("jcmd").toString();
    full[1] = Long.toString(pid);
    System.arraycopy(command, 0, full, 2, command.length);
    run(full);
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    return output;
  }
}
