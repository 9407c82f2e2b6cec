package dev.eddy.peer.observe;

import static dev.eddy.peer.wire.Channels.hex;

import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code --debug} log: one line per message sent and received and per channel event, at DEBUG on the
 * {@code dev.eddy.peer.messages} logger. Not installed in normal runs, so they log nothing per message.
 */
public final class LoggingPeerObserver implements PeerObserver {
  private static final Logger MESSAGES = LoggerFactory.getLogger("dev.eddy.peer.messages");
  private static final Logger CHANNELS = LoggerFactory.getLogger("dev.eddy.peer.channels");
  private static final Logger STATS = LoggerFactory.getLogger("dev.eddy.peer.stats");
  private java.util.concurrent.ScheduledExecutorService sampler;

  @Override
  public boolean observesMessages() {
    return MESSAGES.isDebugEnabled();
  }

  @Override
  public void onMessageReceived(ChannelRef ch, String type, long chunkStart, long chunkEnd, int datagramBytes) {
    MESSAGES.debug("recv {} {} ch {}<-{} {}B", type, range(chunkStart, chunkEnd), hex(ch.localChannel()), ch.remote(), datagramBytes);
  }

  @Override
  public void onMessageSent(ChannelRef ch, String type, long chunkStart, long chunkEnd, int datagramBytes) {
    MESSAGES.debug("send {} {} ch {}->{} {}B", type, range(chunkStart, chunkEnd), hex(ch.remoteChannel()), ch.remote(), datagramBytes);
  }

  @Override
  public void onDatagramDropped(DropReason reason, String detail, InetSocketAddress peer, int bytes) {
    CHANNELS.debug("dropped {}B from {}: {} ({})", bytes, peer, reason.label(), detail);
  }

  @Override
  public void onChannelOpened(ChannelRef ch, NegotiatedOptions options, long handshakeNanos, boolean initiatedLocally) {
    CHANNELS.debug("channel {} open with {} swarm {} {} in {} µs", hex(ch.localChannel()), ch.remote(), ch.swarmId(), options, handshakeNanos / 1000);
  }

  @Override
  public void onChannelClosed(ChannelRef ch, CloseReason reason, String detail, ChannelTotals t) {
    CHANNELS.debug(
        "channel {} with {} closed: {} {} (sent {} B/{} chunks, received {} B/{} chunks; retransmitted {} chunks, {} spurious, "
            + "{} loss episodes, {} timeouts)",
        hex(ch.localChannel()), ch.remote(), reason.label(), detail, t.bytesSent(), t.chunksSent(), t.bytesReceived(),
        t.chunksReceived(), t.loss().retransmittedChunks(), t.loss().spuriousRetransmissions(), t.loss().episodes(),
        t.loss().timeouts());
  }

  @Override
  public void onIntegrityFailure(ChannelRef ch, long chunkStart, long chunkEnd, String detail) {
    CHANNELS.debug("integrity failure from {} chunks {}: {}", ch.remote(), range(chunkStart, chunkEnd), detail);
  }

  @Override
  public void onMisbehaviour(ChannelRef ch, Misbehaviour kind, long chunkStart, long chunkEnd) {
    CHANNELS.debug("ignored from {}: {} {}", ch.remote(), kind.label(), range(chunkStart, chunkEnd));
  }

  @Override
  public void onRetransmission(ChannelRef ch, long chunkStart, long chunkEnd, int attempt, long rtoNanos) {
    CHANNELS.debug("retransmit {} to {} attempt {} rto {} ms", range(chunkStart, chunkEnd), ch.remote(), attempt, rtoNanos / 1_000_000);
  }

  @Override
  public void onChokeChanged(ChannelRef ch, boolean choked, boolean byRemote) {
    CHANNELS.debug("{} {} {}", byRemote ? ch.remote() : "we", choked ? "choked" : "unchoked", byRemote ? "us" : ch.remote());
  }

  /** Once a second: each swarm's progress and each channel's congestion state. */
  @Override
  public void onPeerStarted(PeerStatsSource stats) {
    if (!STATS.isDebugEnabled()) {
      return;
    }
    sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "eddy-stats-log");
      t.setDaemon(true);
      return t;
    });
    sampler.scheduleAtFixedRate(() -> {
      for (SwarmStats s : stats.swarms()) {
        STATS.debug("swarm {} peers {} chunks {}/{} up {} B/s down {} B/s", s.swarmId(), s.peers(), s.chunksHeld(), s.chunksTotal(),
            (long) s.uploadBytesPerSecond(), (long) s.downloadBytesPerSecond());
      }
      for (CongestionStats c : stats.channels()) {
        STATS.debug("channel {} cwnd {} B in flight {} B base delay {} µs queuing {} µs rtt {} µs retransmitted {} (spurious {}) "
            + "loss episodes {} timeouts {}", hex(c.channel().localChannel()), c.cwndBytes(), c.bytesInFlight(), c.baseDelayMicros(),
            c.queuingDelayMicros(), c.rttMicros(), c.loss().retransmittedChunks(), c.loss().spuriousRetransmissions(),
            c.loss().episodes(), c.loss().timeouts());
      }
    }, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Override
  public void onPeerStopped() {
    if (sampler != null) {
      sampler.shutdownNow();
    }
  }

  private static String range(long start, long end) {
    return start < 0 ? "" : "[" + start + ".." + end + "]";
  }
}
