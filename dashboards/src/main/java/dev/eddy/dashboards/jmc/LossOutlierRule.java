package dev.eddy.dashboards.jmc;

import java.util.ArrayList;
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
 * A link whose loss is far above the others': of the peers we sent enough chunks to, the one whose first copies
 * were lost most often (retransmissions that were needed), against the median of the rest. One bad link among good
 * ones points at that peer's path or receive buffer, not at our sending.
 */
public final class LossOutlierRule extends PpsppRule {
  static final TypedPreference<IQuantity> INFO_RATIO = new TypedPreference<>("eddy.lossoutlier.info",
      "Loss outlier info ratio", "Worst link's loss over the other links' median that gives an info result",
      UnitLookup.NUMBER, UnitLookup.NUMBER_UNITY.quantity(3));
  static final TypedPreference<IQuantity> WARNING_RATIO = new TypedPreference<>("eddy.lossoutlier.warning",
      "Loss outlier warning ratio", "Worst link's loss over the other links' median that gives a warning",
      UnitLookup.NUMBER, UnitLookup.NUMBER_UNITY.quantity(10));
  /** Below this many chunks sent a link's loss rate is noise. */
  static final long MIN_CHUNKS = 100;
  /** Loss below this is no finding, however it compares. */
  static final double MIN_LOSS = 0.01;
  /** The others' median is taken as at least this, so a perfect swarm does not make 1.1 % look infinite. */
  static final double FLOOR = 0.002;

  public LossOutlierRule() {
    super("EddyLossOutlier", "PPSPP link with outlying loss", List.of(INFO_RATIO, WARNING_RATIO), NEEDS_CHANNELS,
        LinkTotals.SOURCE_EVENTS);
  }

  @Override
  IResult evaluate(IItemCollection items, IPreferenceValueProvider preferences) {
    Map<String, LinkTotals> peers = LinkTotals.byPeer(items);
    List<LinkTotals> links = peers.values().stream().filter(t -> t.chunksSent() >= MIN_CHUNKS)
        .sorted((a, b) -> Double.compare(b.lossRate(), a.lossRate())).toList();
    if (links.size() < 2) {
      return result(preferences, 0, "Fewer than two links carried " + MIN_CHUNKS + " chunks from us: nothing to compare.",
          "This rule compares the loss of the links this peer uploaded over; " + links.size() + " link(s) qualified.", null);
    }
    LinkTotals worst = links.get(0);
    List<Double> others = new ArrayList<>(links.subList(1, links.size()).stream().map(LinkTotals::lossRate).sorted().toList());
    double median = others.get(others.size() / 2);
    double ratio = worst.lossRate() / Math.max(median, FLOOR);
    double score = worst.lossRate() < MIN_LOSS ? 0 : RulesToolkit.mapExp100(ratio,
        preferences.getPreferenceValue(INFO_RATIO).doubleValueIn(UnitLookup.NUMBER_UNITY),
        preferences.getPreferenceValue(WARNING_RATIO).doubleValueIn(UnitLookup.NUMBER_UNITY));
    String rates = links.stream().map(t -> String.format(Locale.ROOT, "%s %.1f %%", t.peer(), 100 * t.lossRate()))
        .collect(Collectors.joining(", "));
    return result(preferences, score,
        String.format(Locale.ROOT, "The link to %s lost %.1f %% of first copies, %.1f× the other links' median (%.1f %%).",
            worst.peer(), 100 * worst.lossRate(), ratio, 100 * median),
        "Loss per link (retransmissions that were needed, over the chunks sent once): " + rates + ". LEDBAT halves a"
            + " link's window at each loss episode, so one lossy link moves less while the others are unaffected.",
        "Look at the path to " + worst.peer() + ": its receive buffer (netstat -su receive errors on that host), a"
            + " bottleneck queue on its side (tc -s qdisc), or a wireless hop. The other links rule out our own sending.");
  }
}
