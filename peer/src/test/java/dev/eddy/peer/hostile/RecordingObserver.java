package dev.eddy.peer.hostile;

import dev.eddy.peer.observe.ChannelRef;
import dev.eddy.peer.observe.ChannelTotals;
import dev.eddy.peer.observe.CloseReason;
import dev.eddy.peer.observe.DropReason;
import dev.eddy.peer.observe.Misbehaviour;
import dev.eddy.peer.observe.NegotiatedOptions;
import dev.eddy.peer.observe.PeerObserver;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Queue;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/** Counts what a peer reports about its channels and what it dropped or ignored, for the tests to assert on. */
final class RecordingObserver implements PeerObserver {
  final Map<DropReason, LongAdder> drops = new ConcurrentHashMap<>();
  final Map<CloseReason, LongAdder> closes = new ConcurrentHashMap<>();
  final Map<Misbehaviour, LongAdder> misbehaviour = new ConcurrentHashMap<>();
  final LongAdder integrityFailures = new LongAdder();
  final Queue<ChannelRef> opened = new ConcurrentLinkedQueue<>();
  final Queue<ChannelRef> closed = new ConcurrentLinkedQueue<>();
  // Both guarded by this: the longest time a download went without a verified chunk (see startWaiting).
  private long lastProgress;
  private long longestWait;

  /** Times the waits for chunks from {@code now} ({@link System#nanoTime()}): a download's start. */
  synchronized void startWaiting(long now) {
    lastProgress = now;
    longestWait = 0;
  }

  /** The longest time without a verified chunk since {@link #startWaiting}: where a stall shows, whatever the load. */
  synchronized Duration longestWait() {
    return Duration.ofNanos(longestWait);
  }

  @Override
  public synchronized void onChunkVerified(ChannelRef channel, long chunkStart, long chunkEnd, int bytes) {
    long now = System.nanoTime();
    longestWait = Math.max(longestWait, now - lastProgress);
    lastProgress = now;
  }

  @Override
  public void onDatagramDropped(DropReason reason, String detail, InetSocketAddress peer, int bytes) {
    drops.computeIfAbsent(reason, r -> new LongAdder()).increment();
  }

  @Override
  public void onChannelOpened(ChannelRef channel, NegotiatedOptions options, long handshakeNanos, boolean initiatedLocally) {
    opened.add(channel);
  }

  @Override
  public void onChannelClosed(ChannelRef channel, CloseReason reason, String detail, ChannelTotals totals) {
    closes.computeIfAbsent(reason, r -> new LongAdder()).increment();
    closed.add(channel);
  }

  @Override
  public void onIntegrityFailure(ChannelRef channel, long chunkStart, long chunkEnd, String detail) {
    integrityFailures.increment();
  }

  @Override
  public void onMisbehaviour(ChannelRef channel, Misbehaviour kind, long chunkStart, long chunkEnd) {
    misbehaviour.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  long drops(DropReason reason) {
    LongAdder a = drops.get(reason);
    return a == null ? 0 : a.sum();
  }

  long closes(CloseReason reason) {
    LongAdder a = closes.get(reason);
    return a == null ? 0 : a.sum();
  }

  long misbehaviour(Misbehaviour kind) {
    LongAdder a = misbehaviour.get(kind);
    return a == null ? 0 : a.sum();
  }

  @Override
  public String toString() {
    return "drops " + drops + ", closes " + closes + ", misbehaviour " + misbehaviour + ", integrity failures " + integrityFailures
        + ", opened " + opened.size();
  }
}
