package dev.eddy.dashboards.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.dashboards.testing.SimulatedTransfer;
import dev.eddy.jfr.ChannelOpenedEvent;
import dev.eddy.jfr.MessageEvent;
import dev.eddy.jfr.MessageReceivedEvent;
import dev.eddy.jfr.MessageSentEvent;
import dev.eddy.jfr.PpsppEvents;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MessageEventReader} against the JDK's own parser on real recordings: the same message events, fields
 * and times in the same order, and the same report from either path.
 */
class MessageEventReaderTest {
  @TempDir Path dir;

  /** What a reader saw: each message with its start time. */
  private record Seen(RecordedMessage message, long startNanos) {}

  private static List<Seen> jdkMessages(Path file) throws Exception {
    List<Seen> seen = new ArrayList<>();
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent e = recording.readEvent();
        String type = e.getEventType().getName();
        if (type.equals(EventTypes.MESSAGE_SENT) || type.equals(EventTypes.MESSAGE_RECEIVED)) {
          seen.add(new Seen(RecordedMessage.of(e, type.equals(EventTypes.MESSAGE_SENT),
              RecordingAnalyzer.epochNanos(e.getEndTime())), RecordingAnalyzer.epochNanos(e.getStartTime())));
        }
      }
    }
    return seen;
  }

  private static List<Seen> ownMessages(Path file) throws Exception {
    List<Seen> seen = new ArrayList<>();
    MessageEventReader.read(file, (typeName, m, startNanos) -> {
      assertThat(typeName).isEqualTo(m.sent() ? EventTypes.MESSAGE_SENT : EventTypes.MESSAGE_RECEIVED);
      seen.add(new Seen(m, startNanos));
    });
    return seen;
  }

  /** Element by element, so a failure shows the first message read differently. */
  private static void assertSame(List<Seen> actual, List<Seen> expected) {
    for (int i = 0; i < Math.min(actual.size(), expected.size()); i++) {
      assertThat(actual.get(i)).as("message %d", i).isEqualTo(expected.get(i));
    }
    assertThat(actual).hasSameSizeAs(expected);
  }

  /** Chunks in the file, walking their headers as the format lays them out. */
  private static int chunks(Path file) throws Exception {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
    int chunks = 0;
    for (long at = 0; at < bytes.limit(); at += bytes.getLong((int) at + 8)) {
      chunks++;
    }
    return chunks;
  }

  @Test
  void readsTheMessagesTheJdkReadsAcrossChunksAndStringEncodings() throws Exception {
    Path file = dir.resolve("messages.jfr");
    PpsppEvents.register();
    // Strings as the recorder writes them: short ones inline, 16 to 128 characters pooled, null, empty, and
    // not Latin-1 (UTF-8 or char arrays).
    String[] types = {"DATA", "ACK", null, "", "PEX_RESv4"};
    String[] swarms = {"651258d87cf77ea7", "651258d87cf77ea7b3e5dd7833df8c70a306f1df", null, "ab"};
    String[] addresses = {"127.0.0.1:7000", "[::1]:7001", "höst-ü:7002", "pëer-\u4e2d\u6587-with-a-long-name:7003", null};
    try (Recording recording = new Recording()) {
      recording.enable(EventTypes.MESSAGE_SENT).withThreshold(Duration.ZERO).withoutStackTrace();
      recording.enable(EventTypes.MESSAGE_RECEIVED).withThreshold(Duration.ZERO).withStackTrace();
      recording.enable(EventTypes.CHANNEL_OPENED).withThreshold(Duration.ZERO);
      recording.start();
      for (int i = 0; i < 30_000; i++) {
        if (i % 10_000 == 5_000) {
          // A second recording starting or stopping begins a new chunk.
          try (Recording other = new Recording()) {
            other.start();
          }
        }
        MessageEvent e = i % 3 == 0 ? new MessageSentEvent() : new MessageReceivedEvent();
        e.messageType = types[i % types.length];
        e.swarmId = swarms[i % swarms.length];
        e.remoteAddress = addresses[i % addresses.length];
        e.localChannel = i % 7 == 0 ? 0 : 0xFFFF_FFFFL - i;
        e.remoteChannel = i * 31L;
        e.chunkStart = i % 11 == 0 ? -1 : i;
        e.chunkEnd = i % 11 == 0 ? -1 : i + i % 4;
        e.datagramBytes = i;
        e.commit();
        if (i % 1000 == 0) {
          ChannelOpenedEvent opened = new ChannelOpenedEvent();
          opened.swarmId = swarms[1];
          opened.remoteAddress = addresses[i % addresses.length];
          opened.localChannel = i;
          opened.commit();
        }
      }
      recording.stop();
      recording.dump(file);
    }
    assertThat(chunks(file)).isGreaterThan(1);

    List<Seen> expected = jdkMessages(file);
    assertThat(expected).hasSize(30_000);
    assertSame(ownMessages(file), expected);
    assertThat(RecordingAnalyzer.analyze(file))
        .isEqualTo(RecordingAnalyzer.analyzeEveryEvent(file, RecordingAnalyzer.NO_LISTENER));
  }

  @Test
  void aTransferReportsTheSameFromEitherParser() throws Exception {
    Path file = SimulatedTransfer.record(dir.resolve("transfer.jfr"), Set.of());

    List<Seen> expected = jdkMessages(file);
    assertThat(expected).isNotEmpty();
    assertSame(ownMessages(file), expected);
    assertThat(RecordingAnalyzer.analyze(file))
        .isEqualTo(RecordingAnalyzer.analyzeEveryEvent(file, RecordingAnalyzer.NO_LISTENER));
  }

  @Test
  @Timeout(60)
  void anEmptyOrCutFileIsAnErrorNotAHang() throws Exception {
    Path whole = SimulatedTransfer.record(dir.resolve("whole.jfr"), Set.of());
    byte[] bytes = Files.readAllBytes(whole);
    List<Path> bad = new java.util.ArrayList<>(List.of(Files.write(dir.resolve("empty.jfr"), new byte[0])));
    // Cut at many places: the JDK's parser, which reads cut files, fails differently depending on where.
    for (int tenths = 1; tenths < 10; tenths++) {
      bad.add(Files.write(dir.resolve("cut" + tenths + ".jfr"), java.util.Arrays.copyOf(bytes, bytes.length * tenths / 10)));
    }
    bad.add(Files.write(dir.resolve("cut-last-byte.jfr"), java.util.Arrays.copyOf(bytes, bytes.length - 1)));
    for (Path file : bad) {
      assertThatThrownBy(() -> RecordingAnalyzer.analyze(file)).as(file.toString()).isInstanceOf(IOException.class);
    }
  }
}

