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
 * High retransmission rate: chunks we sent again (no ACK within the timeout) over all chunks we sent, for the
 * worst peer. Chunks sent come from per-message DATA events when recorded, else from channel totals.
 */
public final class RetransmissionRateRule extends PpsppRule {
  static final TypedPreference<IQuantity> INFO_LIMIT = new TypedPreference<>("eddy.retransmission.info",
      "Retransmission rate info limit", "Rate of retransmitted chunks that gives an info result",
      UnitLookup.PERCENTAGE, UnitLookup.PERCENT.quantity(5));
  static final TypedPreference<IQuantity> WARNING_LIMIT = new TypedPreference<>("eddy.retransmission.warning",
      "Retransmission rate warning limit", "Rate of retransmitted chunks that gives a warning",
      UnitLookup.PERCENTAGE, UnitLookup.PERCENT.quantity(20));

  public RetransmissionRateRule() {
    super("EddyRetransmissionRate", "PPSPP retransmission rate", List.of(INFO_LIMIT, WARNING_LIMIT),
        NEEDS_CHANNELS, List.of("Retransmission"));
  }

  @Override
  IResult evaluate(IItemCollection items, IPreferenceValueProvider preferences) {
    Map<String, Long> retransmitted = new HashMap<>();
    EventRows.of(items, EVENT + "Retransmission").forEach(r -> retransmitted.merge(r.peer(), r.chunks(), Long::sum));
    Map<String, Long> sent = new HashMap<>();
    EventRows.of(items, EVENT + "MessageSent").stream().filter(r -> r.text("messageType").equals("DATA"))
        .forEach(r -> sent.merge(r.peer(), r.chunks(), Long::sum));
    if (sent.isEmpty()) {
      EventRows.of(items, EVENT + "ChannelClosed").forEach(r -> sent.merge(r.peer(), r.number("chunksSent"), Long::sum));
    }
    if (retransmitted.isEmpty()) {
      return result(preferences, 0, "No chunk was retransmitted.",
          "Every chunk sent in this recording was acknowledged within the retransmission timeout.", null);
    }
    String worst = null;
    double worstRate = -1;
    for (Map.Entry<String, Long> e : retransmitted.entrySet()) {
      long total = sent.getOrDefault(e.getKey(), 0L);
      if (total > 0 && (double) e.getValue() / total > worstRate) {
        worst = e.getKey();
        worstRate = Math.min(1.0, (double) e.getValue() / total);
      }
    }
    if (worst == null) {
      // Channels still open and no DATA events: the chunks sent are not in the recording.
      long chunks = retransmitted.values().stream().mapToLong(Long::longValue).sum();
      return result(preferences, 50,
          chunks + " chunk(s) retransmitted to " + String.join(", ", new java.util.TreeSet<>(retransmitted.keySet()))
              + "; the rate is unknown.",
          "How many chunks were sent is known from DATA message events or from a channel's close; this recording"
              + " has neither for these peers.",
          "Record with ppspp-messages.jfc to get the rate.");
    }
    double info = preferences.getPreferenceValue(INFO_LIMIT).doubleValueIn(UnitLookup.PERCENT_UNITY);
    double warning = preferences.getPreferenceValue(WARNING_LIMIT).doubleValueIn(UnitLookup.PERCENT_UNITY);
    double score = RulesToolkit.mapExp100(worstRate, info, warning);
    String rate = String.format(Locale.ROOT, "%.1f %%", 100 * worstRate);
    return result(preferences, score,
        "Retransmission rate to " + worst + " is " + rate + " (" + retransmitted.get(worst) + " of "
            + sent.getOrDefault(worst, 0L) + " chunks sent).",
        "A chunk is retransmitted when no ACK covers it within the retransmission timeout: the DATA or its ACK"
            + " was lost, or delayed beyond the timeout. " + retransmitted.size() + " peer(s) needed"
            + " retransmissions; the worst is shown.",
        "Check the path to " + worst + " for loss (tc -s qdisc, netstat -su receive errors) and whether its"
            + " receive buffer overflows; LEDBAT shrinks the window on loss, so a high rate also lowers throughput.");
  }
}
