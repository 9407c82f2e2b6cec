package dev.eddy.dashboards.jmc;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.flightrecorder.rules.IResult;

/** Integrity failures: received chunks that failed Merkle verification; each disconnects the sending peer. */
public final class IntegrityFailureRule extends PpsppRule {
  public IntegrityFailureRule() {
    super("EddyIntegrityFailures", "PPSPP integrity failures", List.of(),
        NEEDS_CHANNELS, List.of("IntegrityFailure"));
  }

  @Override
  IResult evaluate(IItemCollection items, IPreferenceValueProvider preferences) {
    List<EventRows.Row> failures = EventRows.of(items, EVENT + "IntegrityFailure");
    if (failures.isEmpty()) {
      return result(preferences, 0, "Every received chunk passed integrity verification.",
          "No chunk failed Merkle hash verification in this recording.", null);
    }
    Map<String, Long> byPeer = failures.stream()
        .collect(Collectors.groupingBy(EventRows.Row::peer, TreeMap::new, Collectors.counting()));
    EventRows.Row first = failures.get(0);
    // Any failure is a warning: it means corrupt or forged data reached us.
    double score = Math.min(100, 75 + 5 * (failures.size() - 1));
    return result(preferences, score,
        failures.size() + " integrity failure(s) from " + byPeer.size() + " peer(s): " + byPeer.entrySet().stream()
            .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", ")) + ".",
        "Received chunks did not match the Merkle tree of the swarm, so they were discarded and the sending peer"
            + " was disconnected. First failure: chunks " + first.number("chunkStart") + ".."
            + first.number("chunkEnd") + " from " + first.peer() + ": " + first.text("detail") + ".",
        "A peer sends corrupt or different content for this swarm ID: check that the seeder's file matches the"
            + " swarm ID (eddy hash FILE), and the chunk size and hash function agreed out of band.");
  }
}
