package dev.eddy.dashboards.jmc;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.util.RulesToolkit;

/**
 * Failed handshakes: channels that ended before they opened (our handshake unanswered or refused) and incoming
 * handshakes we refused, against the channels that opened.
 */
public final class FailedHandshakeRule extends PpsppRule {
  static final Set<String> FAILED_CLOSE_REASONS = Set.of("handshake unanswered", "refused by peer");

  public FailedHandshakeRule() {
    super("EddyFailedHandshakes", "PPSPP failed handshakes", List.of(),
        Map.of(), List.of("ChannelClosed", "ChannelOpened"));
  }

  @Override
  IResult evaluate(IItemCollection items, IPreferenceValueProvider preferences) {
    List<EventRows.Row> failed = EventRows.of(items, EVENT + "ChannelClosed").stream()
        .filter(r -> FAILED_CLOSE_REASONS.contains(r.text("reason"))).collect(Collectors.toList());
    failed.addAll(EventRows.of(items, EVENT + "DatagramDropped").stream()
        .filter(r -> r.text("reason").equals("handshake refused")).toList());
    long opened = EventRows.of(items, EVENT + "ChannelOpened").size();
    if (failed.isEmpty()) {
      return result(preferences, 0, opened + " channel(s) opened; no handshake failed.",
          "Every handshake in this recording was answered and accepted.", null);
    }
    Map<String, Long> byPeerAndReason = failed.stream().collect(Collectors.groupingBy(
        r -> r.peer() + " (" + r.text("reason") + ")", TreeMap::new, Collectors.counting()));
    double share = (double) failed.size() / (failed.size() + opened);
    // At least an info result for any failure; a warning when a fifth of the attempts fail.
    double score = Math.max(25, RulesToolkit.mapExp100(share, 0.05, 0.2));
    return result(preferences, score,
        String.format(Locale.ROOT, "%d handshake(s) failed, %d channel(s) opened (%.0f %% failed).", failed.size(),
            opened, 100 * share),
        "Failed: " + byPeerAndReason.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
            .collect(Collectors.joining(", ")) + ". An unanswered handshake means the peer is down, unreachable"
            + " or ignores our options; a refusal names a swarm it does not serve or options it rejects.",
        "Check the peer address and that it serves this swarm ID; with libswift, offer only SHA-1 and 32-bit"
            + " chunk ranges and omit options 8 and 9 (see the design notes).");
  }
}
