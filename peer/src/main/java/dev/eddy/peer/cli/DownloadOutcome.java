package dev.eddy.peer.cli;

import dev.eddy.peer.observe.ChannelRef;
import dev.eddy.peer.observe.ChannelTotals;
import dev.eddy.peer.observe.CloseReason;
import dev.eddy.peer.observe.NegotiatedOptions;
import dev.eddy.peer.observe.PeerObserver;
import dev.eddy.peer.swarm.Swarm;
import dev.eddy.peer.swarm.SwarmListener;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Watches one download and decides how {@code eddy get} ends: complete, or the one failure that explains
 * why not (every peer unreachable, refused, lying; the disk full). Fed by the peer's observer and the
 * swarm's listener, so it sees exactly what the data path reports.
 */
final class DownloadOutcome implements PeerObserver, SwarmListener {
  /** The result: exit code and the one line to print (empty on success). */
  record Result(int exitCode, String message) {}

  /** Chunk sizes in common use, most likely first (libswift's two, then Eddy's other useful sizes). */
  private static final List<Integer> COMMON_CHUNK_SIZES = List.of(1024, 8192, 4096, 2048, 16384);

  /** Channels to a peer that went silent mid-download are opened again this many times at most. */
  static final int MAX_RECONNECTS = 5;

  private final Set<InetSocketAddress> peers;
  private final int chunkSize;
  private volatile Consumer<InetSocketAddress> reconnect = peer -> {};
  private final Map<InetSocketAddress, Integer> reconnects = new HashMap<>();
  private final Map<InetSocketAddress, CloseReason> failures = new LinkedHashMap<>();
  private final CompletableFuture<Result> result = new CompletableFuture<>();
  private volatile boolean anyChunkVerified;
  private final Set<ChannelRef> open = new HashSet<>();

  DownloadOutcome(Set<InetSocketAddress> peers, int chunkSize) {
    this.peers = peers;
    this.chunkSize = chunkSize;
  }

  /**
   * How to open a new channel to a peer: a peer that went silent mid-download may have restarted, or its
   * path may come back, so it is reconnected (up to {@link #MAX_RECONNECTS} times) instead of given up.
   */
  void reconnectWith(Consumer<InetSocketAddress> action) {
    reconnect = action;
  }

  CompletableFuture<Result> result() {
    return result;
  }

  @Override
  public void onComplete(Swarm swarm) {
    result.complete(new Result(ExitCodes.OK, ""));
  }

  @Override
  public void onStorageFailure(Swarm swarm, String message, boolean diskFull) {
    // A full disk's message says so itself ("disk full: ..."); anything else gets the operating system's reason.
    result.complete(new Result(ExitCodes.STORAGE, diskFull ? message : "cannot write the output: " + message));
  }

  @Override
  public void onChunkVerified(ChannelRef channel, long chunkStart, long chunkEnd, int bytes) {
    anyChunkVerified = true;
  }

  @Override
  public synchronized void onChannelOpened(ChannelRef channel, NegotiatedOptions options, long handshakeNanos, boolean initiatedLocally) {
    open.add(channel);
  }

  /**
   * The download fails once every peer named on the command line has failed and no other channel (a peer
   * learned through PEX, or one that connected to us) is open to carry on.
   */
  @Override
  public synchronized void onChannelClosed(ChannelRef channel, CloseReason reason, String detail, ChannelTotals totals) {
    open.remove(channel);
    if (reason == CloseReason.LOCAL_CLOSED || result.isDone()) {
      return;
    }
    boolean named = peers.contains(channel.remote());
    boolean reconnecting = reconnects.containsKey(channel.remote());
    if (named && (reason == CloseReason.PEER_TIMEOUT || (reconnecting && reason == CloseReason.HANDSHAKE_TIMEOUT))
        && reconnects.merge(channel.remote(), 1, Integer::sum) <= MAX_RECONNECTS) {
      reconnect.accept(channel.remote());
      return;
    }
    if (named) {
      failures.put(channel.remote(), reason);
    }
    if (open.isEmpty() && failures.keySet().containsAll(peers)) {
      result.complete(decide());
    }
  }

  private Result decide() {
    long integrity = failures.values().stream().filter(r -> r == CloseReason.INTEGRITY_FAILURE).count();
    long refused = failures.values().stream().filter(r -> r == CloseReason.REFUSED).count();
    long unreachable = failures.values().stream().filter(r -> r == CloseReason.HANDSHAKE_TIMEOUT).count();
    int n = peers.size();
    String who = n == 1 ? "the peer " + describe(peers.iterator().next()) : "every peer (" + n + ")";
    if (integrity == n && !anyChunkVerified) {
      // Not one chunk matched, the first already failed: a chunk size other than the seeder's is the usual
      // cause (it is agreed out of band), far likelier than peers that all lie.
      String others = COMMON_CHUNK_SIZES.stream().filter(size -> size != chunkSize).map(String::valueOf)
          .collect(Collectors.joining(", "));
      return new Result(ExitCodes.INTEGRITY, "integrity failures from " + who + ": every chunk failed verification at "
          + "the first level, none matched the swarm ID. The peer may use another chunk size than this download's "
          + chunkSize + " bytes: try --chunk-size " + others + " (libswift uses 1024 or 8192); if none works, "
          + "its data does not match the swarm ID");
    }
    if (integrity == n) {
      return new Result(ExitCodes.INTEGRITY, "integrity failures from " + who + ": their data does not match the swarm ID");
    }
    if (refused == n) {
      return new Result(ExitCodes.SWARM_UNKNOWN, "swarm unknown to " + who + " (handshake refused)");
    }
    if (unreachable == n) {
      return new Result(ExitCodes.PEER_UNREACHABLE, "peer unreachable: no handshake reply from " + who);
    }
    StringBuilder why = new StringBuilder("no peer could complete the download:");
    failures.forEach((peer, reason) -> why.append(' ').append(describe(peer)).append(' ').append(reason.label()).append(';'));
    why.setLength(why.length() - 1);
    int code = integrity > 0 ? ExitCodes.INTEGRITY : refused > 0 ? ExitCodes.SWARM_UNKNOWN : ExitCodes.PEER_UNREACHABLE;
    return new Result(code, why.toString());
  }

  private static String describe(InetSocketAddress a) {
    return HostPort.format(a);
  }
}
