package dev.eddy.peer.live;

import dev.eddy.peer.wire.DecodingContext;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;

/** One channel to another peer of a live stream. Confined to the event loop. */
final class LivePeer {
  final InetSocketAddress remote;
  final long localChannel;
  final boolean initiator;
  long remoteChannel;
  boolean open;
  /** How the remote encodes (its own handshake's options) and how we encode to it. */
  DecodingContext in;
  final DecodingContext out;
  /** Chunks the remote announced (HAVE) or acknowledged. */
  final ChunkRanges remoteHas = new ChunkRanges();
  /** Signed units the remote holds a chunk of: their signature need not go again. */
  final Set<Long> unitsKnown = new HashSet<>();
  /** What this peer asked us for, let out by LEDBAT. */
  final LiveSender sender;
  /**
   * Chunks this peer sent that failed verification (a whole munro for a bad signature): not asked of it
   * again, since it would send the same; another peer may have them right.
   */
  final ChunkRanges refused = new ChunkRanges();
  /** Chunks we asked this peer for, with the time of asking (nanos). */
  final LinkedHashMap<Long, Long> inFlight = new LinkedHashMap<>();
  long lastHeardNanos;
  long lastSentNanos;
  long handshakeSentNanos;
  int handshakesSent;

  LivePeer(InetSocketAddress remote, long localChannel, boolean initiator, DecodingContext base, long now, LiveSender sender) {
    this.sender = sender;
    this.remote = remote;
    this.localChannel = localChannel;
    this.initiator = initiator;
    this.in = base;
    this.out = base;
    this.lastHeardNanos = now;
  }
}
