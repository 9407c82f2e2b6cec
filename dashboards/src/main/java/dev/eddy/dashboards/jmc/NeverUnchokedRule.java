package dev.eddy.dashboards.jmc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.common.util.TypedPreference;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.util.RulesToolkit;

/**
 * Peers that never unchoke us: a remote peer that sent CHOKE and no UNCHOKE after it for the rest of its channel
 * (to the channel's close, or the recording's end). Unlike a long choke that ends, such a peer gave up on us: every
 * request to it is wasted, and its slot would be better spent on another peer.
 */
public final class NeverUnchokedRule extends PpsppRule {
  static final TypedPreference<IQuantity> INFO_LIMIT = new TypedPreference<>("eddy.neverunchoked.info",
      "Never-unchoked info limit", "Time a peer choked us without ever unchoking that gives an info result", UnitLookup.TIMESPAN,
      UnitLookup.SECOND.quantity(10));
  static final TypedPreference<IQuantity> WARNING_LIMIT = new TypedPreference<>("eddy.neverunchoked.warning",
      "Never-unchoked warning limit", "Time a peer choked us without ever unchoking that gives a warning", UnitLookup.TIMESPAN,
      UnitLookup.SECOND.quantity(60));

  public NeverUnchokedRule() {
    super("EddyNeverUnchoked", "PPSPP peers that never unchoke us", List.of(INFO_LIMIT, WARNING_LIMIT), NEEDS_CHANNELS, List.of("Choke"));
  }

  @Override
  IResult evaluate(IItemCollection items, IPreferenceValueProvider preferences) {
    long recordingEnd = RulesToolkit.getLatestEndTime(items).clampedLongValueIn(UnitLookup.EPOCH_NS);
    // Per channel, the last change the remote made: a CHOKE last means it never unchoked us after it.
    Map<String, EventRows.Row> lastByRemote = new LinkedHashMap<>();
    for (String type : List.of("Choke", "Unchoke")) {
      for (EventRows.Row r : EventRows.of(items, EVENT + type)) {
        if (r.flag("byRemote")) {
          lastByRemote.merge(key(r), r, (a, b) -> b.endNanos() >= a.endNanos() ? b : a);
        }
      }
    }
    Map<String, Long> closedAt = new LinkedHashMap<>();
    EventRows.of(items, EVENT + "ChannelClosed").forEach(r -> closedAt.put(key(r), r.endNanos()));
    Map<String, Long> stuck = new LinkedHashMap<>(); // peer -> longest never-ended choke
    lastByRemote.forEach((key, r) -> {
      if (r.typeId().equals(EVENT + "Choke")) {
        long end = closedAt.getOrDefault(key, recordingEnd);
        stuck.merge(r.peer(), Math.max(0, end - r.endNanos()), Math::max);
      }
    });
    if (stuck.isEmpty()) {
      return result(preferences, 0, "Every peer that choked us unchoked us again.",
          "No remote peer sent CHOKE without a later UNCHOKE on the same channel.", null);
    }
    Map.Entry<String, Long> worst = stuck.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
    double seconds = worst.getValue() / 1e9;
    double score = RulesToolkit.mapExp100(seconds, preferences.getPreferenceValue(INFO_LIMIT).doubleValueIn(UnitLookup.SECOND),
        preferences.getPreferenceValue(WARNING_LIMIT).doubleValueIn(UnitLookup.SECOND));
    return result(preferences, score,
        String.format(Locale.ROOT, "%s choked us and never unchoked us again (%.1f s to its channel's end).", worst.getKey(), seconds),
        stuck.size() + " peer(s) choked us for the rest of their channel: " + stuck.entrySet().stream()
            .map(e -> String.format(Locale.ROOT, "%s (%.1f s)", e.getKey(), e.getValue() / 1e9)).collect(Collectors.joining(", "))
            + ". A choking peer serves none of our requests; one that never unchokes has ranked us below its other peers"
            + " for good (it unchokes those that upload most to it, or that it serves fastest).",
        "Give the download other sources (more peers through PEX or --peer), and let this peer serve itself from us: a"
            + " downloader that uploads to a peer is the one it unchokes.");
  }

  private static String key(EventRows.Row r) {
    return r.peer() + " " + r.number("localChannel");
  }
}
