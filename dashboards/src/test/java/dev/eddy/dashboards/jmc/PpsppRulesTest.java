package dev.eddy.dashboards.jmc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.dashboards.testing.SimulatedSwarm;
import dev.eddy.dashboards.testing.SimulatedTransfer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.common.util.TypedPreference;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.IRule;
import org.openjdk.jmc.flightrecorder.rules.RuleRegistry;
import org.openjdk.jmc.flightrecorder.rules.Severity;
import org.openjdk.jmc.flightrecorder.rules.util.RulesToolkit;

/** Our rules as JMC's engine runs them (found through META-INF/services), on real recordings. */
class PpsppRulesTest {
  @TempDir Path dir;

  private Map<String, IResult> evaluate(Path recording) throws Exception {
    return evaluate(recording, IPreferenceValueProvider.DEFAULT_VALUES);
  }

  private Map<String, IResult> evaluate(Path recording, IPreferenceValueProvider preferences) throws Exception {
    IItemCollection items = JfrLoaderToolkit.loadEvents(recording.toFile());
    var rules = RuleRegistry.getRules().stream().filter(r -> r.getTopic().equals("PPSPP")).toList();
    Map<IRule, Future<IResult>> futures = RulesToolkit.evaluateParallel(rules, items, preferences, 1);
    Map<String, IResult> results = new java.util.TreeMap<>();
    for (var e : futures.entrySet()) {
      results.put(e.getKey().getId(), e.getValue().get());
    }
    return results;
  }

  @Test
  void registryFindsAllEightRules() {
    assertThat(RuleRegistry.getRules().stream().filter(r -> r.getTopic().equals("PPSPP")).map(IRule::getId)
        .collect(Collectors.toSet())).containsExactlyInAnyOrder("EddyRetransmissionRate", "EddyIntegrityFailures",
        "EddyChokedPeers", "EddyFailedHandshakes", "EddyPerMessageEvents", "EddyNeverUnchoked", "EddyLossOutlier",
        "EddyDuplicateChunks");
  }

  @Test
  void swarmFindingsNameTheOnePeerThatShowsEach() throws Exception {
    Path recording = SimulatedSwarm.record(dir.resolve("swarm.jfr"));
    // The simulated run lasts a fraction of a second: scale the never-unchoked limits down to it.
    IPreferenceValueProvider shortRun = new IPreferenceValueProvider() {
      @Override
      @SuppressWarnings("unchecked")
      public <T> T getPreferenceValue(TypedPreference<T> preference) {
        if (preference == NeverUnchokedRule.INFO_LIMIT) {
          return (T) UnitLookup.MILLISECOND.quantity(1);
        }
        if (preference == NeverUnchokedRule.WARNING_LIMIT) {
          return (T) UnitLookup.MILLISECOND.quantity(5);
        }
        return preference.getDefaultValue();
      }
    };
    Map<String, IResult> results = evaluate(recording, shortRun);

    IResult never = results.get("EddyNeverUnchoked");
    assertThat(never.getSeverity()).isEqualTo(Severity.WARNING);
    assertThat(never.getSummary()).startsWith(SimulatedSwarm.NEVER_UNCHOKES + " choked us and never unchoked us again (");
    assertThat(never.getExplanation()).startsWith("1 peer(s) choked us").doesNotContain(SimulatedSwarm.CHOKES_A_WHILE);

    IResult loss = results.get("EddyLossOutlier");
    assertThat(loss.getSeverity()).isEqualTo(Severity.WARNING);
    // 60 of 240 first copies lost, against 4 of 196 (the closed channel) and 2 of 297 (the clean one).
    assertThat(loss.getSummary()).isEqualTo(
        "The link to " + SimulatedSwarm.LOSSY + " lost 25.0 % of first copies, 12.3× the other links' median (2.0 %).");

    IResult duplicates = results.get("EddyDuplicateChunks");
    assertThat(duplicates.getSeverity()).isEqualTo(Severity.WARNING);
    assertThat(duplicates.getSummary()).isEqualTo(SimulatedSwarm.DUPLICATES + " sent 40 duplicate chunk(s), 28.6 % of the chunks it sent us.");
    assertThat(duplicates.getExplanation()).startsWith("42 duplicate chunk(s) from 2 peer(s).");
  }

  @Test
  void swarmFindingsStayQuietOnAnOrdinaryTransfer() throws Exception {
    Map<String, IResult> results = evaluate(SimulatedTransfer.record(dir.resolve("plain.jfr"), Set.of()));
    // The seeder that choked us unchoked us again; one link carried chunks from us; no duplicates.
    assertThat(results.get("EddyNeverUnchoked").getSeverity()).isEqualTo(Severity.OK);
    assertThat(results.get("EddyLossOutlier").getSummary()).startsWith("Fewer than two links");
    assertThat(results.get("EddyDuplicateChunks").getSummary()).isEqualTo("No peer sent us a chunk we already held.");
  }

  @Test
  void flagsRetransmissionsAndIntegrityFailuresOfTheTransfer() throws Exception {
    Map<String, IResult> results = evaluate(SimulatedTransfer.record(dir.resolve("full.jfr"), Set.of()));

    IResult retransmissions = results.get("EddyRetransmissionRate");
    assertThat(retransmissions.getSeverity()).isEqualTo(Severity.WARNING);
    assertThat(retransmissions.getSummary())
        .isEqualTo("Retransmission rate to 127.0.0.1:26002 is 23.1 % (3 of 13 chunks sent).");
    IResult integrity = results.get("EddyIntegrityFailures");
    assertThat(integrity.getSeverity()).isEqualTo(Severity.WARNING);
    assertThat(integrity.getSummary()).isEqualTo("1 integrity failure(s) from 1 peer(s): 127.0.0.1:26002 (1).");
    // Choked for a fraction of a second: below the info limit.
    assertThat(results.get("EddyChokedPeers").getSeverity()).isEqualTo(Severity.OK);
    assertThat(results.get("EddyChokedPeers").getSummary()).startsWith("127.0.0.1:26002 channel 7a11ce55 kept us choked for 0.");
    assertThat(results.get("EddyFailedHandshakes").getSeverity()).isEqualTo(Severity.OK);
    assertThat(results.get("EddyPerMessageEvents").getSeverity()).isEqualTo(Severity.OK);
  }

  @Test
  void saysWhenPerMessageEventsAreMissing() throws Exception {
    Map<String, IResult> results = evaluate(SimulatedTransfer.record(dir.resolve("lean.jfr"),
        Set.of("dev.eddy.ppspp.MessageSent", "dev.eddy.ppspp.MessageReceived")));

    IResult perMessage = results.get("EddyPerMessageEvents");
    assertThat(perMessage.getSeverity()).isEqualTo(Severity.INFO);
    assertThat(perMessage.getSummary()).isEqualTo("This recording of an Eddy peer has no per-message events.");
    assertThat(perMessage.getSolution()).contains("ppspp-messages.jfc");
    // Without DATA messages, chunks sent come from channel totals, and B's channel never closed.
    IResult retransmissions = results.get("EddyRetransmissionRate");
    assertThat(retransmissions.getSeverity()).isEqualTo(Severity.INFO);
    assertThat(retransmissions.getSummary())
        .isEqualTo("3 chunk(s) retransmitted to 127.0.0.1:26002; the rate is unknown.");
  }

  @Test
  void rulesWhoseEventsWereNotRecordedSaySoInsteadOfJudging() throws Exception {
    Map<String, IResult> results = evaluate(SimulatedTransfer.record(dir.resolve("bare.jfr"),
        Set.of("dev.eddy.ppspp.PeerStatistics", "dev.eddy.ppspp.ChannelClosed", "dev.eddy.ppspp.Choke")));

    for (String rule : List.of("EddyDuplicateChunks", "EddyLossOutlier")) {
      assertThat(results.get(rule).getSeverity()).as(rule).isEqualTo(Severity.NA);
      assertThat(results.get(rule).getSummary()).as(rule).isEqualTo("dev.eddy.ppspp.PeerStatistics events are not in this recording.");
      assertThat(results.get(rule).getSolution()).as(rule).isEqualTo(PpsppRule.RECORD_DEFAULT);
    }
    for (String rule : List.of("EddyNeverUnchoked", "EddyChokedPeers")) {
      assertThat(results.get(rule).getSeverity()).as(rule).isEqualTo(Severity.NA);
      assertThat(results.get(rule).getSummary()).as(rule).isEqualTo("dev.eddy.ppspp.Choke events are not in this recording.");
    }
    // ChannelOpened alone is enough for this one.
    assertThat(results.get("EddyFailedHandshakes").getSeverity()).isEqualTo(Severity.OK);
  }
}
