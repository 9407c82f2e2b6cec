package dev.eddy.dashboards.jmc;

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
 * A peer sending duplicate chunks: chunks it sent that we held already (another peer's copy came first, or its
 * retransmission crossed our ACK), over the chunks it sent us, for the worst peer. Duplicates cost both sides'
 * bandwidth and give nothing.
 */
public final class DuplicateChunksRule extends PpsppRule {
  static final TypedPreference<IQuantity> INFO_LIMIT = new TypedPreference<>("eddy.duplicates.info",
      "Duplicate chunks info limit", "Share of a peer's chunks that were duplicates that gives an info result",
      UnitLookup.PERCENTAGE, UnitLookup.PERCENT.quantity(5));
  static final TypedPreference<IQuantity> WARNING_LIMIT = new TypedPreference<>("eddy.duplicates.warning",
      "Duplicate chunks warning limit", "Share of a peer's chunks that were duplicates that gives a warning",
      UnitLookup.PERCENTAGE, UnitLookup.PERCENT.quantity(20));
  /** Fewer duplicates than this are the endgame's normal cost, not a finding. */
  static final long MIN_DUPLICATES = 10;

  public DuplicateChunksRule() {
    super("EddyDuplicateChunks", "PPSPP peers sending duplicate chunks", List.of(INFO_LIMIT, WARNING_LIMIT), NEEDS_CHANNELS,
        LinkTotals.SOURCE_EVENTS);
  }

  @Override
  IResult evaluate(IItemCollection items, IPreferenceValueProvider preferences) {
    Map<String, LinkTotals> peers = LinkTotals.byPeer(items);
    LinkTotals worst = null;
    double worstShare = -1;
    long total = 0;
    for (LinkTotals t : peers.values()) {
      total += t.duplicateChunks();
      long sent = t.chunksReceived() + t.duplicateChunks();
      double share = sent == 0 ? 0 : (double) t.duplicateChunks() / sent;
      if (t.duplicateChunks() > 0 && share > worstShare) {
        worst = t;
        worstShare = share;
      }
    }
    if (worst == null) {
      return result(preferences, 0, "No peer sent us a chunk we already held.",
          "Every chunk received in this recording was new when it arrived.", null);
    }
    double score = worst.duplicateChunks() < MIN_DUPLICATES ? 0 : RulesToolkit.mapExp100(worstShare,
        preferences.getPreferenceValue(INFO_LIMIT).doubleValueIn(UnitLookup.PERCENT_UNITY),
        preferences.getPreferenceValue(WARNING_LIMIT).doubleValueIn(UnitLookup.PERCENT_UNITY));
    return result(preferences, score,
        String.format(Locale.ROOT, "%s sent %d duplicate chunk(s), %.1f %% of the chunks it sent us.", worst.peer(),
            worst.duplicateChunks(), 100 * worstShare),
        total + " duplicate chunk(s) from " + peers.values().stream().filter(t -> t.duplicateChunks() > 0).count() + " peer(s)."
            + " A duplicate is verified and thrown away: another peer's copy arrived first (two peers asked for the"
            + " same chunk, as the endgame does on purpose), or the peer resent a chunk whose ACK was on its way.",
        "Many duplicates from one peer mean it retransmits too eagerly or ignores CANCEL; across all peers, requests"
            + " overlap (an early endgame). Either way the upload spent on them is lost to the swarm.");
  }
}
