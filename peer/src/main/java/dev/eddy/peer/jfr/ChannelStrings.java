package dev.eddy.peer.jfr;

import dev.eddy.jfr.SwarmIds;
import dev.eddy.peer.observe.ChannelRef;
import java.net.InetSocketAddress;

/**
 * A channel's strings for event fields: its {@code host:port} and its abbreviated swarm ID. Messages of one
 * channel come in bursts, so remembering the last channel's strings saves formatting and allocation for
 * nearly every message.
 */
final class ChannelStrings {
  /** Immutable, so a stale read from another thread is at worst a miss. */
  private record Last(ChannelRef channel, String address, String abbreviatedSwarmId) {}

  private Last last = new Last(null, "", "");

  String address(ChannelRef channel) {
    return of(channel).address();
  }

  /** What the per-message and verified-chunk events carry, see {@link SwarmIds}. */
  String abbreviatedSwarmId(ChannelRef channel) {
    return of(channel).abbreviatedSwarmId();
  }

  private Last of(ChannelRef channel) {
    Last seen = last;
    if (seen.channel() != channel) {
      seen = new Last(channel, format(channel.remote()), SwarmIds.abbreviate(channel.swarmId()));
      last = seen;
    }
    return seen;
  }

  static String format(InetSocketAddress address) {
    return ChannelRef.format(address);
  }
}
