package dev.eddy.peer.live;

import dev.eddy.peer.congestion.Ledbat;
import dev.eddy.peer.congestion.RttEstimator;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The serving half of one live channel: the chunks the remote requested, let out as LEDBAT's window allows (the
 * same controller as a static channel's), so a live source or relay yields to other traffic and does not fill
 * the path's queues, whatever the remote asks for. ACKs give the delay samples and free the window; a chunk
 * unacknowledged past the retransmission timeout leaves the window and shrinks it (as LEDBAT takes a loss when
 * later chunks were acknowledged; to one segment when nothing was, a timeout). It is not sent again unasked: a live
 * receiver asks again for what it still wants, and a chunk it refused (a signature it rejected) must not come
 * back until the window is full of it. Pure logic, driven by the caller's clock ({@code nowNs}), confined to the
 * event loop.
 */
final class LiveSender {
  /**
   * Requested chunks waiting at most: a few windows' worth. A request beyond it is refused and counted; the
   * remote asks again when its request times out.
   */
  static final int MAX_QUEUED = 4096;
  /** Bytes a chunk's datagram adds to the chunk (channel ID, DATA header, timestamp, a few hashes): LEDBAT's segment. */
  static final int DATAGRAM_OVERHEAD = 64;
  private static final long INITIAL_RTO_NS = 1_000_000_000L;
  private static final long MIN_RTO_NS = 200_000_000L;
  private static final long MAX_RTO_NS = 4_000_000_000L;

  private record Sent(long seq, long sentNs, int bytes, boolean again) {}

  private final Ledbat ledbat;
  private final int segmentBytes;
  private final RttEstimator rtt = new RttEstimator(INITIAL_RTO_NS, MIN_RTO_NS, MAX_RTO_NS);
  private final ArrayDeque<Long> queue = new ArrayDeque<>();
  private final Set<Long> queued = new HashSet<>();
  /** Chunks sent and not yet acknowledged, in the order they left. */
  private final LinkedHashMap<Long, Sent> inFlight = new LinkedHashMap<>();
  /** Chunks that timed out and were not sent since: their next ACK gives no RTT sample (Karn). */
  private final Set<Long> expired = new HashSet<>();
  private long bytesInFlight;
  /** Sends so far, and the newest acknowledged one: an older send still unacknowledged was lost, not timed out. */
  private long sends;
  private long newestAckedSeq = -1;
  private long refused;
  private long timedOut;

  LiveSender(long targetDelayMicros, int chunkSize, long maxCwndBytes, long nowNs) {
    this.segmentBytes = chunkSize + DATAGRAM_OVERHEAD;
    this.ledbat = new Ledbat(targetDelayMicros, segmentBytes, Math.max(maxCwndBytes, 4L * segmentBytes), nowNs);
  }

  /** The remote asked for {@code first..last}: each chunk neither waiting nor in flight joins the queue. */
  void request(long first, long last) {
    for (long c = first; c <= last; c++) {
      if (queued.contains(c) || inFlight.containsKey(c)) {
        continue; // asked again while on its way: its timeout, not the remote's, decides when it goes again
      }
      if (queued.size() >= MAX_QUEUED) {
        refused += last - c + 1;
        return;
      }
      queue.add(c);
      queued.add(c);
    }
  }

  /** The next chunk to send, taken off the queue; -1 when none waits or the congestion window is full. */
  long poll() {
    if (queue.isEmpty() || !ledbat.canSend(bytesInFlight, segmentBytes)) {
      return -1;
    }
    long chunk = queue.poll();
    queued.remove(chunk);
    return chunk;
  }

  /** {@code chunk} left in a datagram of {@code bytes}. */
  void sent(long chunk, int bytes, long nowNs) {
    Sent old = inFlight.remove(chunk); // sent again: it moves to the end of the send order
    inFlight.put(chunk, new Sent(sends++, nowNs, bytes, expired.remove(chunk)));
    bytesInFlight += bytes - (old == null ? 0 : old.bytes());
  }

  /** An ACK for {@code first..last} with its one-way delay sample: frees the window and feeds LEDBAT. */
  void acked(long first, long last, long delayMicros, long nowNs) {
    long bytes = 0;
    for (long c = first; c <= last && c - first <= MAX_QUEUED; c++) {
      Sent s = inFlight.remove(c);
      if (s != null) {
        bytes += s.bytes();
        newestAckedSeq = Math.max(newestAckedSeq, s.seq());
        if (!s.again()) {
          rtt.onSample(nowNs - s.sentNs()); // Karn: a chunk sent twice gives no sample
        }
      }
    }
    if (bytes > 0) {
      bytesInFlight -= bytes;
      ledbat.onAck(delayMicros, bytes, bytesInFlight, nowNs);
    }
  }

  /**
   * Chunks unacknowledged for longer than the retransmission timeout leave the window, which shrinks once for
   * all of them.
   *
   * @return how many chunks expired
   */
  int expire(long nowNs) {
    long rto = rtt.rtoNs();
    int count = 0;
    boolean lost = false;
    for (Iterator<Map.Entry<Long, Sent>> it = inFlight.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Sent> e = it.next();
      if (nowNs - e.getValue().sentNs() < rto) {
        break; // in send order: the rest is younger
      }
      lost |= e.getValue().seq() < newestAckedSeq;
      bytesInFlight -= e.getValue().bytes();
      expired.add(e.getKey());
      it.remove();
      count++;
    }
    if (count > 0) {
      if (lost) {
        ledbat.onLoss();
      } else {
        ledbat.onTimeout();
      }
      timedOut += count;
    }
    return count;
  }

  /**
   * The remote no longer wants {@code first..last} (CANCEL: it refused them from us): they leave the queue, and
   * those in flight stop counting, without a congestion signal, since their ACKs will not come.
   */
  void cancel(long first, long last) {
    queue.removeIf(c -> c >= first && c <= last);
    queued.removeIf(c -> c >= first && c <= last);
    for (Iterator<Map.Entry<Long, Sent>> it = inFlight.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Sent> e = it.next();
      if (e.getKey() >= first && e.getKey() <= last) {
        bytesInFlight -= e.getValue().bytes();
        it.remove();
      }
    }
  }

  /** The window moved to {@code windowStart}: chunks before it can no longer be sent or acknowledged usefully. */
  void forgetBefore(long windowStart) {
    queue.removeIf(c -> c < windowStart);
    queued.removeIf(c -> c < windowStart);
    expired.removeIf(c -> c < windowStart);
    for (Iterator<Map.Entry<Long, Sent>> it = inFlight.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Sent> e = it.next();
      if (e.getKey() < windowStart) {
        bytesInFlight -= e.getValue().bytes();
        it.remove();
      }
    }
  }

  /** The channel starts over: nothing waits or is in flight; the congestion state stays (it is the path's). */
  void clear() {
    queue.clear();
    queued.clear();
    expired.clear();
    inFlight.clear();
    bytesInFlight = 0;
  }

  long cwndBytes() {
    return ledbat.cwndBytes();
  }

  long bytesInFlight() {
    return bytesInFlight;
  }

  int waiting() {
    return queue.size();
  }

  /** Chunks refused because the queue was full. */
  long refused() {
    return refused;
  }

  /** Chunks that went unacknowledged past the retransmission timeout. */
  long timedOut() {
    return timedOut;
  }

  long queuingDelayMicros() {
    return ledbat.queuingDelayMicros();
  }
}
