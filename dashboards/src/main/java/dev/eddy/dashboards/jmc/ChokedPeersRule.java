package dev.eddy.dashboards.jmc;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.common.util.TypedPreference;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.util.RulesToolkit;

/**
 * Peers stuck choked: the longest time a remote peer kept us choked (CHOKE without UNCHOKE), counting a choke
 * still in force when the recording ended up to its end.
 */
public final class ChokedPeersRule extends PpsppRule {
  static final TypedPreference<IQuantity> INFO_LIMIT = new TypedPreference<>("eddy.choked.info",
      "Choked time info limit", "Time choked by one peer that gives an info result", UnitLookup.TIMESPAN,
      UnitLookup.SECOND.quantity(5));
  static final TypedPreference<IQuantity> WARNING_LIMIT = new TypedPreference<>("eddy.choked.warning",
      "Choked time warning limit", "Time choked by one peer that gives a warning", UnitLookup.TIMESPAN,
      UnitLookup.SECOND.quantity(30));

  public ChokedPeersRule() {
    super("EddyChokedPeers", "PPSPP peers stuck choked", List.of(INFO_LIMIT, WARNING_LIMIT),
        NEEDS_CHANNELS, List.of("Choke"));
  }

  @Override
  IResult evaluate(IItemCollection items, IPreferenceValueProvider preferences) {
    List<EventRows.Row> chokes = EventRows.of(items, EVENT + "Choke");
    List<EventRows.Row> unchokes = EventRows.of(items, EVENT + "Unchoke");
    long recordingEnd = RulesToolkit.getLatestEndTime(items).clampedLongValueIn(UnitLookup.EPOCH_NS);
    Map<String, Long> chokedSince = new HashMap<>();
    Map<String, Long> longest = new HashMap<>();
    Map<String, Boolean> stillChoked = new HashMap<>();
    int i = 0;
    int j = 0;
    // Replay both lists in time order, per channel (remote address + local channel), only chokes by the remote.
    while (i < chokes.size() || j < unchokes.size()) {
      boolean choke = j >= unchokes.size() || (i < chokes.size() && chokes.get(i).endNanos() <= unchokes.get(j).endNanos());
      EventRows.Row r = choke ? chokes.get(i++) : unchokes.get(j++);
      if (!r.flag("byRemote")) {
        continue;
      }
      String key = r.peer() + " channel " + String.format(Locale.ROOT, "%08x", r.number("localChannel"));
      if (choke) {
        chokedSince.putIfAbsent(key, r.endNanos());
      } else if (chokedSince.containsKey(key)) {
        longest.merge(key, r.endNanos() - chokedSince.remove(key), Math::max);
      }
    }
    chokedSince.forEach((key, since) -> {
      longest.merge(key, recordingEnd - since, Math::max);
      stillChoked.put(key, true);
    });
    if (longest.isEmpty()) {
      return result(preferences, 0, "No peer choked us.", "No remote peer sent CHOKE in this recording.", null);
    }
    Map.Entry<String, Long> worst = longest.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
    double seconds = worst.getValue() / 1e9;
    double score = RulesToolkit.mapExp100(seconds,
        preferences.getPreferenceValue(INFO_LIMIT).doubleValueIn(UnitLookup.SECOND),
        preferences.getPreferenceValue(WARNING_LIMIT).doubleValueIn(UnitLookup.SECOND));
    boolean open = stillChoked.getOrDefault(worst.getKey(), false);
    return result(preferences, score,
        String.format(Locale.ROOT, "%s kept us choked for %.1f s%s.", worst.getKey(), seconds,
            open ? ", and still did when the recording ended" : ""),
        longest.size() + " channel(s) were choked by the remote peer. While choked, a peer sends no DATA to us, so"
            + " requests to it wait; a peer that stays choked contributes nothing to the download.",
        "Choking is the remote peer's upload policy; if downloads stall, add peers (PEX, more --peer addresses) so"
            + " requests move to unchoked peers.");
  }
}
