package dev.eddy.dashboards.jmc;

import java.util.List;
import java.util.Map;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.ResultBuilder;
import org.openjdk.jmc.flightrecorder.rules.Severity;

/** A recording of a peer without per-message events, which most PPSPP analysis needs. */
public final class PerMessageEventsRule extends PpsppRule {
  private static final String[] PPSPP_TYPES = {"ChannelOpened", "ChannelClosed", "SwarmStatistics",
      "CongestionState", "DatagramDropped", "Retransmission", "IntegrityFailure", "Choke", "Unchoke", "ChunkVerified"};

  public PerMessageEventsRule() {
    super("EddyPerMessageEvents", "PPSPP per-message events", List.of(), Map.of(), List.of());
  }

  @Override
  IResult evaluate(IItemCollection items, IPreferenceValueProvider preferences) {
    if (recorded(items, EVENT + "MessageSent") || recorded(items, EVENT + "MessageReceived")) {
      return result(preferences, 0, "Per-message events are recorded.",
          "MessageSent and MessageReceived are enabled, so messages can be analysed one by one.", null);
    }
    boolean anyPpspp = false;
    for (String type : PPSPP_TYPES) {
      anyPpspp |= recorded(items, EVENT + type);
    }
    if (!anyPpspp) {
      return ResultBuilder.createFor(this, preferences).setSeverity(Severity.NA)
          .setSummary("This recording holds no Eddy PPSPP events.")
          .setExplanation("The rule applies to recordings of an Eddy peer.").build();
    }
    return result(preferences, 50, "This recording of an Eddy peer has no per-message events.",
        "dev.eddy.ppspp.MessageSent and MessageReceived are off by default (one event per protocol message), so"
            + " messages by type, per-peer message mixes and chunk-level timing cannot be analysed.",
        "Record with eddy seed/get --record FILE.jfr --record-settings messages, or with ppspp-messages.jfc instead"
            + " of ppspp.jfc, e.g."
            + " -XX:StartFlightRecording:settings=default,settings=ppspp-messages.jfc,filename=FILE.jfr");
  }
}
