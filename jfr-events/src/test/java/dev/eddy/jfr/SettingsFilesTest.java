package dev.eddy.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import jdk.jfr.EventType;
import org.junit.jupiter.api.Test;

/** ppspp.jfc is the single source of truth; ppspp-messages.jfc differs only by turning the per-message events on. */
class SettingsFilesTest {
  private static final Set<String> PER_MESSAGE =
      Set.of("dev.eddy.ppspp.MessageSent", "dev.eddy.ppspp.MessageReceived", "dev.eddy.ppspp.ChunkVerified");

  @Test
  void ppsppJfcNamesEveryEventAndLeavesPerMessageEventsOff() {
    Map<String, String> settings = RecordingProfile.DEFAULT.configuration().getSettings();
    for (Class<? extends jdk.jfr.Event> c : PpsppEvents.TYPES) {
      String name = EventType.getEventType(c).getName();
      assertThat(settings).containsEntry(name + "#enabled", PER_MESSAGE.contains(name) ? "false" : "true");
    }
    assertThat(settings).containsEntry("dev.eddy.ppspp.SwarmStatistics#period", "1 s");
    assertThat(settings).containsEntry("dev.eddy.ppspp.CongestionState#period", "1 s");
    assertThat(settings).containsEntry("dev.eddy.ppspp.PeerStatistics#period", "1 s");
    assertThat(settings.keySet()).allMatch(k -> k.startsWith("dev.eddy.ppspp."));
  }

  @Test
  void messagesProfileIsPpsppJfcWithEveryMessageOn() {
    Map<String, String> expected = new HashMap<>(RecordingProfile.DEFAULT.configuration().getSettings());
    PER_MESSAGE.forEach(name -> expected.put(name + "#enabled", "true"));
    assertThat(RecordingProfile.MESSAGES.configuration().getSettings()).isEqualTo(expected);
  }

  @Test
  void combinedSettingsKeepTheJdkDefaultsAndAddOurs() {
    Map<String, String> combined = RecordingProfile.MESSAGES.settingsWithJdkDefault();
    assertThat(combined).containsEntry("jdk.CPULoad#enabled", "true");
    assertThat(combined).containsEntry("dev.eddy.ppspp.MessageSent#enabled", "true");
    assertThat(RecordingProfile.DEFAULT.settingsWithJdkDefault()).containsEntry("dev.eddy.ppspp.MessageSent#enabled", "false");
  }

  @Test
  void configurationsCarryOurLabels() {
    assertThat(RecordingProfile.DEFAULT.configuration().getLabel()).isEqualTo("Eddy PPSPP");
    assertThat(RecordingProfile.MESSAGES.configuration().getProvider()).isEqualTo("Eddy");
  }
}
