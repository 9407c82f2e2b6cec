package dev.eddy.jfr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlightRecordingTest {
  @TempDir Path dir;

  @Test
  void messagesProfileRecordsMessagesAndJdkEventsIntoTheFileOnClose() throws Exception {
    Path file = dir.resolve("run.jfr");
    try (FlightRecording recording = FlightRecording.start(file, RecordingProfile.MESSAGES)) {
      assertThat(recording.file()).isEqualTo(file.toAbsolutePath());
      Samples.commitOneOfEach();
    }
    List<RecordedEvent> events = RecordingFile.readAllEvents(file);
    assertThat(events).extracting(e -> e.getEventType().getName())
        .contains("dev.eddy.ppspp.MessageSent", "dev.eddy.ppspp.ChannelOpened", "jdk.JVMInformation");
  }

  @Test
  void defaultProfileLeavesMessagesOut() throws Exception {
    Path file = dir.resolve("run.jfr");
    try (FlightRecording recording = FlightRecording.start(file, RecordingProfile.DEFAULT)) {
      Samples.commitOneOfEach();
    }
    List<String> names = RecordingFile.readAllEvents(file).stream().map(e -> e.getEventType().getName()).toList();
    assertThat(names).contains("dev.eddy.ppspp.ChannelOpened", "dev.eddy.ppspp.DatagramDropped").doesNotContain("dev.eddy.ppspp.MessageSent");
  }

  @Test
  void closingTwiceIsHarmless() {
    FlightRecording recording = FlightRecording.start(dir.resolve("twice.jfr"), RecordingProfile.DEFAULT);
    recording.close();
    recording.close();
    assertThat(dir.resolve("twice.jfr")).isNotEmptyFile();
  }

  @Test
  void unwritableDestinationsAreRefusedWithOneLine() throws Exception {
    assertThatThrownBy(() -> FlightRecording.start(dir.resolve("missing/run.jfr"), RecordingProfile.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist");
    Path directory = Files.createDirectory(dir.resolve("adir"));
    assertThatThrownBy(() -> FlightRecording.start(directory, RecordingProfile.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a writable file");
  }
}
