package dev.eddy.peer.congestion;

/**
 * Decides when a chunk in flight is lost, for one channel's sending side: pure logic driven by the caller's
 * clock, tested without sockets. See the package documentation for the design; in short:
 *
 * <ul>
 *   <li><b>RACK</b> (RFC 8985): a chunk is lost once a chunk sent after it has been delivered and more than
 *       that delivery's round trip plus a reordering window has passed since it was sent. The window starts
 *       at a quarter of the minimum round trip and widens (up to the smoothed round trip) each time a
 *       retransmission turns out to have been unnecessary, at once to the lateness seen where it is known.
 *   <li><b>Loss episodes</b>: a loss of a chunk sent after the last episode began starts a new one; losses
 *       of chunks sent before belong to it. The window is reduced once per episode, so at most once per
 *       round trip however many datagrams of one window were lost (RFC 6817 §2.4.1, as TCP's NewReno).
 *   <li><b>Probe, then timeout</b>: when nothing has been delivered for a probe timeout (two round trips,
 *       or the round trip and four deviations if it varies more) two chunks go as a probe beyond the window,
 *       without touching it: the next ones waiting to be sent, as RFC 8985's tail loss probe prefers (at
 *       least {@link #MIN_NEW_DATA_PROBE_TIMEOUT_NS}), else the two oldest in flight again (at least {@link
 *       #MIN_PROBE_TIMEOUT_NS}), so a lost tail, or a lost acknowledgement, is found in a few round trips;
 *       probes go on at doubling intervals, and only when the oldest chunk has waited a retransmission
 *       timeout (RFC 6298, at least {@link #MIN_TIMEOUT_NS}) with {@link #PROBES_BEFORE_TIMEOUT} probes
 *       unanswered is everything in flight declared lost and the window restarted. Both back off by doubling, up to
 *       {@link #MAX_BACKED_OFF_NS}, and the backoff resets on the first delivery.
 * </ul>
 */
public final class LossRecovery {
  static final long MS = 1_000_000L;
  /** Before any round-trip sample (RFC 6298's initial RTO). */
  static final long INITIAL_TIMEOUT_NS = 1000 * MS;
  /**
   * The probe timeout's floor when the probe sends chunks again: on loopback two round trips are well under
   * a millisecond, while a busy host delays timers and acknowledgements by milliseconds (a 2 ms floor
   * tripled the probes that proved unnecessary on a loaded two-core machine, with 1% reordering), and a
   * downloading JVM's young collections stop its acknowledgements for 9-17 ms (serial collector, 8 MiB
   * download: two of them). With a 5 ms floor, those pauses made every retransmission left at 1% reordering
   * without loss: two chunks sent twice per pause. Linux's tail loss probe waits at least 10 ms.
   */
  static final long MIN_PROBE_TIMEOUT_NS = 20 * MS;
  /**
   * The floor when the probe carries chunks not sent yet: an early probe then sends nothing twice, only a
   * little beyond the window, so the floor is just the timer's tick. At 5% loss on loopback, 146 of 169
   * probed chunks had arrived and their acknowledgement was what was lost; each such probe had stopped the
   * sender for the 5 ms floor it had then, about ten round trips.
   */
  static final long MIN_NEW_DATA_PROBE_TIMEOUT_NS = MS;
  /** The retransmission timeout's floor (Linux's TCP uses the same). */
  static final long MIN_TIMEOUT_NS = 200 * MS;
  /** Backed-off timers never wait longer: a path back from a blackout is found within this. */
  static final long MAX_BACKED_OFF_NS = 2_000 * MS;
  static final int PROBES_BEFORE_TIMEOUT = 2;
  /** Loss episodes without a spurious retransmission before the reordering window shrinks back. */
  static final int EPISODES_TO_FORGET_REORDERING = 16;
  static final int MAX_REORDER_MULTIPLIER = 64;
  /**
   * The reordering window's step at least: a quarter of loopback's round trip is some 15 µs, while a loaded
   * host delivers a held-back datagram up to a millisecond late; at that step 64 spurious retransmissions
   * would not cover it (with 1% reordering nearly every retransmission proved spurious).
   */
  static final long MIN_REORDER_STEP_NS = MS / 4;
  /** The window's cap at least, for the same reason: the smoothed round trip alone, on loopback, is less. */
  static final long MIN_REORDER_CAP_NS = 2 * MS;

  /** What the timer says to do about the oldest chunk in flight. */
  public enum TimerAction {
    NONE,
    /**
     * Send a little beyond the window: the next chunks waiting, else the oldest in flight again; nothing is
     * presumed lost.
     */
    PROBE,
    /** Everything in flight is lost: resend it all, the window starts over. */
    TIMEOUT
  }

  private final RttEstimator rtt = new RttEstimator(INITIAL_TIMEOUT_NS, MIN_TIMEOUT_NS, 60_000 * MS);
  private long minRttNs = Long.MAX_VALUE;

  // RACK: the most recently sent chunk known delivered, and the round trip of that delivery.
  private long rackSentNs = Long.MIN_VALUE;
  private long rackSeq = -1;
  private long rackRttNs;
  private long rackDeliveredNs = Long.MIN_VALUE;
  private int reorderMultiplier = 1;
  /**
   * The most a chunk sent once was seen delivered later than RACK's round trip (the reordering window it
   * would have needed), since the window last shrank back; 0 if none.
   */
  private long reorderExtentNs;
  private int episodesSinceSpurious;

  /** Losses of chunks sent before this sequence number belong to the latest episode (or timeout). */
  private long episodeEndSeq = -1;

  private int probes;
  private int timeouts;
  private long lastProbeNs = Long.MIN_VALUE;
  private long lastTimeoutNs = Long.MIN_VALUE;
  private long lastDeliveryNs = Long.MIN_VALUE;

  private long episodes;
  private long probesSent;
  private long timeoutsFired;
  private long spurious;

  /**
   * A chunk was delivered (acknowledged, or announced held).
   *
   * @param seq the send sequence number of its latest transmission
   * @param sentNs when that transmission was sent
   * @param retransmitted the chunk was sent more than once: which copy arrived is unknown, so it gives no
   *     round-trip sample (Karn's rule) and does not move RACK (a probe's copy "delivered" by the original's
   *     acknowledgement would make everything sent before the probe look lost)
   * @param announced delivered by HAVE, which may come later than an ACK would: no round-trip sample
   */
  public void onDelivered(long seq, long sentNs, boolean retransmitted, boolean announced, long nowNs) {
    long sample = nowNs - sentNs;
    if (!retransmitted && !announced) {
      rtt.onSample(sample);
      minRttNs = Math.min(minRttNs, sample);
    }
    boolean sentBeforeRack = sentNs < rackSentNs || (sentNs == rackSentNs && seq < rackSeq);
    if (!retransmitted && !announced && sentBeforeRack && rackDeliveredNs < nowNs) {
      // Delivered after a chunk sent later, in an earlier acknowledgement: reordering, seen before it cost a
      // retransmission (Linux measures its reordering degree the same way). Chunks acknowledged together
      // are no evidence: their order within an ACK datagram is the receiver's.
      observeLateness(sample - rackRttNs);
    }
    if (!retransmitted && (sentNs > rackSentNs || (sentNs == rackSentNs && seq > rackSeq))) {
      rackSentNs = sentNs;
      rackSeq = seq;
      rackRttNs = sample;
      rackDeliveredNs = nowNs;
    }
    probes = 0;
    timeouts = 0;
    lastDeliveryNs = nowNs;
  }

  /** Whether the chunk sent as {@code seq} at {@code sentNs}, still undelivered, is lost by now. */
  public boolean isLost(long seq, long sentNs, long nowNs) {
    boolean sentBeforeDelivered = sentNs < rackSentNs || (sentNs == rackSentNs && seq < rackSeq);
    return sentBeforeDelivered && nowNs - sentNs >= rackRttNs + reorderWindowNs();
  }

  /**
   * A loss was detected in the chunk sent as {@code seq}.
   *
   * @param nextSeq the sequence number the next transmission will get: losses of chunks sent before it
   *     belong to the episode this loss starts
   * @return true if this starts a loss episode, so the congestion window is to be reduced
   */
  public boolean onLoss(long seq, long nextSeq) {
    if (seq < episodeEndSeq) {
      return false;
    }
    episodeEndSeq = nextSeq;
    episodes++;
    if (++episodesSinceSpurious >= EPISODES_TO_FORGET_REORDERING) {
      reorderMultiplier = 1;
      reorderExtentNs = 0;
      episodesSinceSpurious = 0;
    }
    return true;
  }

  /**
   * A chunk sent again turned out to have arrived the first time (its original was late, not lost): widen
   * the reordering window by a step (RFC 8985 §6.2, as on a DSACK); how late the original was is unknown.
   */
  public void onSpuriousRetransmission() {
    spurious++;
    widen();
  }

  /**
   * A chunk presumed lost was acknowledged before it went again: the same lesson without the cost, and this
   * time its lateness is known, so the window covers it at once instead of a step per mistake (on a loaded
   * host, held-back chunks came 3 to 40 ms late, where steps of a quarter of the minimum round trip take
   * several mistakes to get there).
   *
   * @param sentNs when the chunk was sent
   * @param announced delivered by HAVE, which comes later than an ACK would: only a step
   */
  public void onLateDelivery(long sentNs, boolean announced, long nowNs) {
    widen();
    if (!announced) {
      observeLateness(nowNs - sentNs - rackRttNs);
    }
  }

  private void widen() {
    episodesSinceSpurious = 0;
    reorderMultiplier = Math.min(reorderMultiplier + 1, MAX_REORDER_MULTIPLIER);
  }

  private void observeLateness(long lateNs) {
    reorderExtentNs = Math.max(reorderExtentNs, lateNs);
  }

  /**
   * Whether an acknowledgement has shown the path reordering chunks since the reordering window last shrank
   * back. A spurious retransmission alone does not count: a probe sent during a receiver's pause makes one on
   * any path.
   */
  public boolean reorderingSeen() {
    return reorderExtentNs > 0;
  }

  /**
   * The reordering allowance: how much later than its round trip an undelivered chunk may still arrive. RFC
   * 8985's steps, up to the smoothed round trip; or the lateness seen plus a step where that is more, up to
   * the round trip plus four deviations: on a loaded host lateness comes from stalls (a receiving JVM's
   * collection, a relay waiting for a core), not from the path, and the smoothed round trip between them,
   * 4-6 ms on loopback, was a fraction of the 10-30 ms seen.
   */
  public long reorderWindowNs() {
    if (minRttNs == Long.MAX_VALUE) {
      return 0;
    }
    long step = Math.max(minRttNs / 4, MIN_REORDER_STEP_NS);
    long stepped = Math.min(reorderMultiplier * step, Math.max(rtt.srttNs(), MIN_REORDER_CAP_NS));
    if (reorderExtentNs == 0) {
      return stepped;
    }
    long seen = Math.min(reorderExtentNs + step, Math.max(rtt.srttNs() + 4 * rtt.rttVarNs(), MIN_REORDER_CAP_NS));
    return Math.max(stepped, seen);
  }

  /**
   * What to do about the oldest chunk in flight, sent at {@code oldestSentNs}; call when nothing has been
   * delivered meanwhile. The caller reports back with {@link #onProbeSent} or {@link #onTimeout}. Probes go
   * at doubling intervals for as long as the silence lasts; the timeout comes once the oldest chunk has
   * waited a retransmission timeout and at least {@link #PROBES_BEFORE_TIMEOUT} probes went unanswered.
   *
   * @param newData the probe would send chunks not sent yet (RFC 8985 §7.3 prefers them): then it may come
   *     sooner, from {@link #MIN_NEW_DATA_PROBE_TIMEOUT_NS}
   */
  public TimerAction timer(long oldestSentNs, boolean newData, long nowNs) {
    // Silence counts from the oldest chunk's send or the latest delivery, whichever is later: while later
    // chunks are being delivered, RACK judges the oldest one, and a probe would only duplicate it.
    long silentSince = Math.max(oldestSentNs, lastDeliveryNs);
    if (probes >= PROBES_BEFORE_TIMEOUT
        && nowNs - Math.max(silentSince, lastTimeoutNs) >= backedOff(Math.max(rtt.rtoNs(), 2 * probeTimeoutNs()), timeouts)) {
      return TimerAction.TIMEOUT;
    }
    long sinceProbe = Math.max(silentSince, lastProbeNs);
    long probeTimeout = probeTimeoutNs(newData ? MIN_NEW_DATA_PROBE_TIMEOUT_NS : MIN_PROBE_TIMEOUT_NS);
    return nowNs - sinceProbe >= backedOff(probeTimeout, probes + timeouts) ? TimerAction.PROBE : TimerAction.NONE;
  }

  public void onProbeSent(long nowNs) {
    probes++;
    probesSent++;
    lastProbeNs = nowNs;
  }

  /** Everything in flight was declared lost; {@code nextSeq} as for {@link #onLoss}. */
  public void onTimeout(long nextSeq, long nowNs) {
    probes = 0;
    timeouts++;
    timeoutsFired++;
    lastProbeNs = nowNs;
    lastTimeoutNs = nowNs;
    episodeEndSeq = nextSeq;
  }

  /**
   * How long to wait for any delivery before probing: two smoothed round trips, as RFC 8985's tail loss
   * probe (receivers acknowledge at the end of each read batch, so no delayed-ACK allowance), or, where the
   * round trip varies more than that (a busy host delays acknowledgements by milliseconds), the round trip
   * plus four deviations, as QUIC's probe timeout; never longer than the retransmission timeout.
   */
  public long probeTimeoutNs() {
    return probeTimeoutNs(MIN_PROBE_TIMEOUT_NS);
  }

  private long probeTimeoutNs(long floorNs) {
    if (rtt.srttNs() == 0) {
      return INITIAL_TIMEOUT_NS;
    }
    long probe = Math.max(2 * rtt.srttNs(), rtt.srttNs() + 4 * rtt.rttVarNs());
    return Math.min(rtt.rtoNs(), Math.max(floorNs, probe));
  }

  private static long backedOff(long timeoutNs, int doublings) {
    return Math.min(timeoutNs << Math.min(doublings, 10), Math.max(timeoutNs, MAX_BACKED_OFF_NS));
  }

  /** Smoothed round trip, or 0 before the first sample. */
  public long srttNs() {
    return rtt.srttNs();
  }

  /** The retransmission timeout's base (before backoff). */
  public long rtoNs() {
    return rtt.rtoNs();
  }

  public long episodes() {
    return episodes;
  }

  public long probesSent() {
    return probesSent;
  }

  public long timeouts() {
    return timeoutsFired;
  }

  public long spuriousRetransmissions() {
    return spurious;
  }
}
