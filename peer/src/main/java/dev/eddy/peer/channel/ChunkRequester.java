package dev.eddy.peer.channel;

import dev.eddy.peer.merkle.BinHash;
import dev.eddy.peer.observe.CloseReason;
import dev.eddy.peer.observe.Misbehaviour;
import dev.eddy.peer.swarm.ChunkPicker;
import dev.eddy.peer.swarm.Swarm;
import dev.eddy.peer.wire.Ack;
import dev.eddy.peer.wire.Cancel;
import dev.eddy.peer.wire.Have;
import dev.eddy.peer.wire.Request;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The downloading half of a channel: remembers what the remote has (HAVE), keeps a window of chunks
 * requested from it (ranges the swarm's picker hands out, so no chunk is asked of two peers), verifies
 * every DATA through the swarm before it counts, and acknowledges received chunks once per read batch,
 * one ACK per run of consecutive chunks with the latest one-way delay sample of the run.
 *
 * <p>Against loss: each datagram of ACKs also repeats, as HAVE, the runs the previous one acknowledged, so
 * one lost ACK datagram does not make the sender resend what arrived. A REQUEST datagram that was lost is
 * asked again when DATA answering a later one arrives first (a sender serves requests in order), when
 * everything asked before it arrived and two round trips passed without an answer to it, or when nothing has
 * arrived for a few request round trips; the sender ignores what it already has in hand.
 */
public final class ChunkRequester {
  private final Channel channel;
  private final ChannelEnv env;
  private final ChannelConfig config;
  private final Swarm swarm;
  private final RequestWindow window;

  /** What the remote announced, within the content: set only once its size is known. */
  private final BitSet remoteHas = new BitSet();
  /**
   * HAVE runs announced before the content's size is known, applied (clamped to the content) once it is: a
   * bit set sized by a peer's claim (a HAVE of 2^32 chunks) would take 512 MiB.
   */
  private final List<long[]> earlyHaves = new ArrayList<>();
  /** Early HAVE runs kept at most: a seeder sends one, a downloader a few; more are dropped. */
  private static final int MAX_EARLY_HAVES = 64;
  private boolean remoteHasAll;
  /** Whether a datagram's HAVEs were recorded already ({@link #endOfAnnouncements}). */
  private boolean announced;
  private boolean downloads;
  private final BitSet requestedHere = new BitSet();
  /** Every chunk ever asked of this remote: DATA for any other was never requested. */
  private final BitSet everRequested = new BitSet();
  private int outstanding;
  private boolean probing;
  private boolean choked;
  private long lastDataNs;

  // The ACK run being built in this read batch.
  private long ackFirst = -1;
  private long ackLast = -1;
  private long ackDelayMicros;
  /** Runs acknowledged since the last flush, and in the flush before it (repeated as HAVE). */
  private final List<long[]> ackedRuns = new ArrayList<>();
  private final List<long[]> previouslyAcked = new ArrayList<>();

  /** Outstanding requests, oldest first: one group per REQUEST datagram's worth of runs. */
  private final ArrayDeque<RequestGroup> groups = new ArrayDeque<>();
  /** Smoothed time from asking to the first DATA answering, as the sender's pace shows it. */
  private long requestRttNs = INITIAL_REQUEST_RTT_NS;
  /** The shortest such time: about the path's round trip (a request answered with nothing queued before it). */
  private long minRequestRttNs = Long.MAX_VALUE;
  private long lastReaskNs;
  private long lastIdleLookNs;
  /** Since when nothing is requested here (-1: something is). */
  private long idleSinceNs = -1;
  private int quietReasks;
  private long requestsRepeated;

  private static final long INITIAL_REQUEST_RTT_NS = 100_000_000L;
  /**
   * Until a peer delivered its first chunk, its requests go back to the picker after this long without DATA
   * (or the request timeout, if shorter): a peer that announces chunks and never sends them then holds them
   * a fraction of a second, not the full timeout, and an honest peer's first answer comes within a few
   * round trips.
   */
  static final long FIRST_DELIVERY_TIMEOUT_NS = 500_000_000L;
  private boolean deliveredAny;
  /** DATA that came ahead of its hashes, until they come. */
  private final HeldChunks held = new HeldChunks();
  /**
   * How long DATA waits for its hashes at least (at most the request round trip, if longer): a reordered
   * datagram is late by a few datagrams' time, or by the path's jitter.
   */
  static final long MIN_HOLD_NS = 20_000_000L;
  private static final long MIN_REASK_NS = 10_000_000L;
  /** How often a channel with nothing requested looks for chunks to ask of its peer (a pick allocates). */
  static final long IDLE_LOOK_NS = 50_000_000L;
  /**
   * How long a channel goes with nothing requested before it asks its remote for what the swarm would rather
   * get elsewhere (a seeder, for the chunks downloaders hold: {@link Swarm#pick}). Long against the chunks those
   * downloaders deliver meanwhile (behind shaped 40 Mbit/s links, asking at once had the seeder send 0.6 more
   * copies of the content), short against a download held to a slow downloader's pace.
   */
  static final long IDLE_PATIENCE_NS = 1_000_000_000L;
  private static final long MAX_REASK_NS = 1_000_000_000L;
  /** Repeated ACK runs per flush: enough for the runs of one read batch. */
  private static final int MAX_REPEATED_RUNS = 8;

  /** The runs asked for together; {@code answered} once any of their DATA came. */
  private static final class RequestGroup {
    final List<long[]> runs = new ArrayList<>(1);
    final long firstAskedNs;
    long askedNs;
    boolean answered;
    /** Since when every chunk asked before these has arrived (0: not yet), so the sender is on these. */
    long firstInLineNs;
    int reasks;

    RequestGroup(long nowNs) {
      firstAskedNs = nowNs;
      askedNs = nowNs;
    }

    boolean contains(long chunk) {
      for (long[] r : runs) {
        if (chunk >= r[0] && chunk <= r[1]) {
          return true;
        }
      }
      return false;
    }
  }

  ChunkRequester(Channel channel, ChannelEnv env, ChannelConfig config, Swarm swarm) {
    this.channel = channel;
    this.env = env;
    this.config = config;
    this.swarm = swarm;
    this.window = new RequestWindow(64, Math.max(16, config.requestWindowBytes() / swarm.chunkSize()));
  }

  void onHave(long first, long last) {
    if (swarm.chunkCount() < 0) {
      if (earlyHaves.size() < MAX_EARLY_HAVES) {
        earlyHaves.add(new long[] {first, last});
      }
      return;
    }
    applyEarlyHaves();
    record(first, last, true);
  }

  /**
   * The content's size is known now: what the remote announced before counts, within the content. The
   * swarm counts these toward availability itself when it learns the size (from {@link #remoteHas}).
   */
  private void applyEarlyHaves() {
    if (earlyHaves.isEmpty() || swarm.chunkCount() < 0) {
      return;
    }
    for (long[] run : earlyHaves) {
      record(run[0], run[1], false);
    }
    earlyHaves.clear();
  }

  private void record(long first, long last, boolean countAvailability) {
    long count = swarm.chunkCount();
    if (first >= count) {
      return;
    }
    long end = Math.min(last, count - 1);
    if (announced && remoteHas.nextClearBit((int) first) <= end) {
      downloads = true;
    }
    if (countAvailability) {
      swarm.onRemoteHave(channel, remoteHas, first, end);
    }
    remoteHas.set((int) first, (int) end + 1);
    remoteHasAll = count > 0 && remoteHas.nextClearBit(0) >= count;
  }

  /** The HAVEs of one datagram were recorded: from now on, chunks announced anew show that the remote downloads. */
  void endOfAnnouncements() {
    announced = !remoteHas.isEmpty();
  }

  /**
   * Whether the remote downloads (or did while we watched): it announced new chunks after its first
   * announcement. A seeder announces everything it holds at once (and the same again), a downloader as chunks
   * verify; one that has completed by now still counts, as one more uplink beside the seeders'.
   */
  boolean downloads() {
    return downloads;
  }

  boolean choked() {
    return choked;
  }

  /** Whether the remote answers our requests: none of them timed out since its last delivery. */
  boolean answering() {
    return window.answering();
  }

  void onChoked(boolean isChoked) {
    choked = isChoked;
    if (isChoked) {
      releaseAll(); // a choking peer discards our requests (RFC 7574 §8.12)
    }
  }

  /** Asks for more chunks while the window has room. */
  void fillRequests(long nowNs) {
    if (channel.state() != Channel.State.OPEN || choked || swarm.isComplete()) {
      return;
    }
    ChunkPicker picker = swarm.picker();
    if (picker == null) {
      // Size unknown until the peaks verify: ask for the first chunk the remote has; its DATA brings them.
      long first = earlyHaves.stream().mapToLong(r -> r[0]).min().orElse(-1);
      if (!probing && first >= 0 && first < Integer.MAX_VALUE) {
        probing = true;
        requestedHere.set((int) first);
        everRequested.set((int) first);
        outstanding++;
        lastDataNs = nowNs;
        RequestGroup group = new RequestGroup(nowNs);
        group.runs.add(new long[] {first, first});
        groups.add(group);
        ask(first, first);
      }
      return;
    }
    int windowChunks = window.chunks(nowNs);
    if (outstanding >= windowChunks / 2 && outstanding > 0) {
      return; // refill in halves: fewer, longer REQUEST ranges
    }
    if (outstanding == 0) {
      lastDataNs = nowNs;
      if (idleSinceNs < 0) {
        idleSinceNs = nowNs;
      }
    } else {
      idleSinceNs = -1;
    }
    RequestGroup group = new RequestGroup(nowNs);
    applyEarlyHaves();
    boolean idle = outstanding == 0 && nowNs - idleSinceNs >= IDLE_PATIENCE_NS;
    swarm.pick(channel, requestedHere, windowChunks - outstanding, idle, (a, b) -> {
      requestedHere.set((int) a, (int) b + 1);
      everRequested.set((int) a, (int) b + 1);
      outstanding += (int) (b - a + 1);
      group.runs.add(new long[] {a, b});
      ask(a, b);
    });
    if (!group.runs.isEmpty()) {
      groups.add(group);
    }
  }

  private void ask(long first, long last) {
    channel.sendContext().cover(first, last).forEach(spec -> channel.queueControl(new Request(spec)));
  }

  /** Asks again for the chunks of {@code g} still outstanding here. */
  private void reask(RequestGroup g, long nowNs) {
    g.askedNs = nowNs;
    g.reasks++;
    for (long[] r : g.runs) {
      for (int c = requestedHere.nextSetBit((int) r[0]); c >= 0 && c <= r[1]; ) {
        int end = Math.min(requestedHere.nextClearBit(c), (int) r[1] + 1);
        ask(c, end - 1);
        c = requestedHere.nextSetBit(end);
      }
    }
    requestsRepeated++;
  }

  /** DATA for {@code chunk} arrived: requests older than its own that got no answer at all were lost. */
  private void onAnswered(long chunk, long nowNs) {
    dropFinishedGroups(nowNs);
    RequestGroup answered = null;
    for (RequestGroup g : groups) {
      if (g.contains(chunk)) {
        answered = g;
        break;
      }
    }
    if (answered == null) {
      return;
    }
    if (!answered.answered) {
      answered.answered = true;
      requestRttNs = (7 * requestRttNs + (nowNs - answered.firstAskedNs)) / 8;
      minRequestRttNs = Math.min(minRequestRttNs, nowNs - answered.firstAskedNs);
    }
    for (RequestGroup g : groups) {
      if (g == answered) {
        break;
      }
      if (!g.answered && nowNs - g.askedNs >= reaskHoldoffNs()) {
        reask(g, nowNs);
      }
    }
  }

  private long reaskHoldoffNs() {
    return Math.max(MIN_REASK_NS, Math.min(MAX_REASK_NS, 2 * requestRttNs));
  }

  /** Forgets groups, oldest first, none of whose chunks is still outstanding here. */
  private void dropFinishedGroups(long nowNs) {
    RequestGroup g;
    while ((g = groups.peekFirst()) != null && !anyOutstanding(g)) {
      groups.pollFirst();
    }
    if (g != null && g.firstInLineNs == 0) {
      g.firstInLineNs = nowNs;
    }
  }

  /**
   * The oldest outstanding request that nothing answered: everything asked before it has arrived, so a sender
   * serving requests in order is on it, and its first DATA is due within about a round trip. None for two
   * (at least {@link #MIN_REASK_NS}, doubling with each time asked): its REQUEST was lost, ask again. The
   * answers to later requests cannot reveal this loss when it is the latest request (at 20% loss with a
   * 100 ms round trip, every request window ran dry this way: the sender sat idle for the 2 s request timeout).
   */
  private void reaskFirstInLine(long nowNs) {
    dropFinishedGroups(nowNs);
    RequestGroup g = groups.peekFirst();
    if (g == null || g.answered || minRequestRttNs == Long.MAX_VALUE) {
      return;
    }
    long holdoffNs = Math.min(MAX_REASK_NS, Math.max(MIN_REASK_NS, 2 * minRequestRttNs) << Math.min(g.reasks, 6));
    if (nowNs - Math.max(g.askedNs, g.firstInLineNs) >= holdoffNs) {
      reask(g, nowNs);
    }
  }

  private boolean anyOutstanding(RequestGroup g) {
    for (long[] r : g.runs) {
      int c = requestedHere.nextSetBit((int) r[0]);
      if (c >= 0 && c <= r[1]) {
        return true;
      }
    }
    return false;
  }

  void onData(long chunk, long timestampMicros, ByteBuf payload, List<BinHash> integrity) {
    long nowNs = env.clock().nanoTime();
    lastDataNs = nowNs;
    quietReasks = 0;
    onAnswered(chunk, nowNs);
    boolean wasRequested = forget(chunk);
    if (chunk >= Integer.MAX_VALUE || !everRequested.get((int) chunk)) {
      // Verified like any other (a true chunk is welcome from anyone), but a correct peer does not send it.
      env.observer().onMisbehaviour(channel.ref(), Misbehaviour.UNREQUESTED_DATA, chunk, chunk);
    }
    if (payload.readableBytes() == 0) {
      return; // libswift's answer to a request beyond the end
    }
    if (!held.isEmpty()) {
      held.removeChunk(chunk);
    }
    int bytes = payload.readableBytes();
    long delayMicros = env.clock().epochMicros() - timestampMicros;
    Swarm.Outcome outcome = swarm.onData(chunk, payload, integrity);
    if (outcome == Swarm.Outcome.UNVERIFIABLE && held.hold(chunk, payload, delayMicros, nowNs, wasRequested)) {
      return; // verified when its hashes come (retryHeld), or given back if they do not (onTick)
    }
    settle(chunk, outcome, bytes, delayMicros, wasRequested, nowNs);
    if (outcome == Swarm.Outcome.VERIFIED && channel.state() != Channel.State.CLOSED) {
      retryHeld(integrity); // it may prove a held chunk: see retryHeld
    }
  }

  /**
   * Hashes arrived, or a chunk verified: the chunks that came ahead of their proof are tried again. A held
   * chunk's proof may be another chunk: where each hash goes once, chunk 2k+1's hash comes only in 2k's proof
   * and is known once 2k verifies, and a parent's likewise once a chunk under its sibling does. Tried only when
   * hashes came, such a chunk waited for the next batch's, so long that the sender presumed it lost and sent it
   * again (a trace on a 100 ms path with 5 ms of jitter: 45 times per 8 MiB). So passes repeat while one verifies.
   */
  void retryHeld(List<BinHash> integrity) {
    if (held.isEmpty()) {
      return; // the usual case, for every DATA verified and every datagram with hashes: no clock read
    }
    long nowNs = env.clock().nanoTime();
    for (boolean verifiedAny = true; verifiedAny && !held.isEmpty(); ) {
      verifiedAny = false;
      for (HeldChunks.Held h : held.snapshot()) {
        Swarm.Outcome outcome = swarm.onHeldData(h.chunk(), Unpooled.wrappedBuffer(h.payload()), integrity);
        if (outcome == Swarm.Outcome.UNVERIFIABLE) {
          continue;
        }
        held.remove(h);
        settle(h.chunk(), outcome, h.payload().length, h.delayMicros(), h.wasRequested(), nowNs);
        if (channel.state() == Channel.State.CLOSED) {
          return;
        }
        verifiedAny |= outcome == Swarm.Outcome.VERIFIED;
      }
    }
  }

  private void settle(long chunk, Swarm.Outcome outcome, int bytes, long delayMicros, boolean wasRequested, long nowNs) {
    switch (outcome) {
      case VERIFIED -> {
        deliveredAny = true;
        window.onDelivered(nowNs);
        channel.countReceived(bytes);
        env.observer().onChunkVerified(channel.ref(), chunk, chunk, bytes);
        queueAck(chunk, delayMicros);
      }
      case DUPLICATE -> {
        channel.countDuplicate();
        queueAck(chunk, delayMicros);
      }
      case UNVERIFIABLE -> {
        giveBack(chunk, wasRequested);
        probing = false;
      }
      case INTEGRITY_FAILURE -> {
        giveBack(chunk, wasRequested);
        env.observer().onIntegrityFailure(channel.ref(), chunk, chunk, "chunk " + chunk + " does not match the swarm's hash tree");
        channel.close(CloseReason.INTEGRITY_FAILURE, "chunk " + chunk + " failed verification", true);
      }
      case STORAGE_FAILURE -> {}
    }
  }

  /** A chunk that came but did not count: let the picker hand it out again (to another peer, likely). */
  private void giveBack(long chunk, boolean wasRequested) {
    if (wasRequested && swarm.picker() != null) {
      swarm.picker().release(chunk);
    }
  }

  private void queueAck(long chunk, long delayMicros) {
    if (ackFirst >= 0 && chunk == ackLast + 1) {
      ackLast = chunk;
    } else {
      drainAcks();
      ackFirst = chunk;
      ackLast = chunk;
    }
    ackDelayMicros = delayMicros;
    env.markDirty(channel);
  }

  /** Moves the ACK run built so far into the channel's control queue. */
  private void drainAcks() {
    if (ackFirst >= 0) {
      long delay = ackDelayMicros;
      channel.sendContext().cover(ackFirst, ackLast).forEach(spec -> channel.queueControl(new Ack(spec, delay)));
      if (ackedRuns.size() < MAX_REPEATED_RUNS) {
        ackedRuns.add(new long[] {ackFirst, ackLast});
      }
      ackFirst = -1;
    }
  }

  /**
   * End of a read batch: the ACKs built, and with them, as HAVE, the runs the previous batch acknowledged
   * (in case that datagram was lost). Nothing is repeated without a new ACK to carry it.
   */
  void flushAcks() {
    drainAcks();
    if (ackedRuns.isEmpty()) {
      return;
    }
    for (long[] r : previouslyAcked) {
      channel.sendContext().cover(r[0], r[1]).forEach(spec -> channel.queueControl(new Have(spec)));
    }
    previouslyAcked.clear();
    previouslyAcked.addAll(ackedRuns);
    ackedRuns.clear();
  }

  void onTick(long nowNs) {
    if (!held.isEmpty()) {
      for (HeldChunks.Held h : held.takeExpired(nowNs - Math.max(MIN_HOLD_NS, requestRttNs))) {
        settle(h.chunk(), Swarm.Outcome.UNVERIFIABLE, h.payload().length, h.delayMicros(), h.wasRequested(), nowNs);
      }
    }
    if (outstanding == 0) {
      if (nowNs - lastIdleLookNs >= IDLE_LOOK_NS) {
        // Nothing asked of this peer: its requests were given back, or the picker had nothing for it. What
        // the picker holds changes without this channel hearing of it (nothing may ever arrive on it again).
        lastIdleLookNs = nowNs;
        fillRequests(nowNs);
      }
      return;
    }
    long quietNs = nowNs - lastDataNs;
    long timeoutNs = deliveredAny ? config.requestTimeoutNs() : Math.min(config.requestTimeoutNs(), FIRST_DELIVERY_TIMEOUT_NS);
    if (quietNs > timeoutNs) {
      // The remote went quiet on our requests: give them back so another peer (woken first) or this one is
      // asked again; this one now holds fewer.
      window.onUnanswered();
      releaseAll();
      lastDataNs = nowNs;
      fillRequests(nowNs);
    } else if (quietNs > 2 * reaskHoldoffNs() && nowNs - lastReaskNs > (reaskHoldoffNs() << Math.min(quietReasks, 6))) {
      // Nothing at all for a while: the latest requests (or all the DATA) may be lost; ask again, backing off.
      lastReaskNs = nowNs;
      quietReasks++;
      dropFinishedGroups(nowNs);
      for (RequestGroup g : groups) {
        reask(g, nowNs);
      }
    } else {
      reaskFirstInLine(nowNs);
    }
  }

  /**
   * Cancels the chunks of {@code [first, last]} requested here and not yet received, and gives them back to
   * the picker (another peer has them: see {@link Swarm#onRemoteHave}).
   */
  void releaseToOthers(long first, long last) {
    ChunkPicker picker = swarm.picker();
    if (picker == null || first >= Integer.MAX_VALUE) {
      return;
    }
    int end = (int) Math.min(last, Integer.MAX_VALUE - 1);
    for (int c = requestedHere.nextSetBit((int) first); c >= 0 && c <= end; c = requestedHere.nextSetBit(c + 1)) {
      int runEnd = Math.min(requestedHere.nextClearBit(c), end + 1) - 1;
      for (int i = c; i <= runEnd; i++) {
        forget(i);
        picker.release(i);
      }
      channel.sendContext().cover(c, runEnd).forEach(spec -> channel.queueControl(new Cancel(spec)));
      c = runEnd;
    }
  }

  /** Clears a chunk from this channel's requests; true if it was requested here. */
  boolean forget(long chunk) {
    if (chunk < 0 || chunk >= Integer.MAX_VALUE || !requestedHere.get((int) chunk)) {
      return false;
    }
    requestedHere.clear((int) chunk);
    outstanding--;
    return true;
  }

  /** Gives every outstanding request back to the picker and lets the swarm's other channels ask for them. */
  void releaseAll() {
    ChunkPicker picker = swarm.picker();
    boolean released = outstanding > 0;
    if (picker != null) {
      for (int c = requestedHere.nextSetBit(0); c >= 0; c = requestedHere.nextSetBit(c + 1)) {
        picker.release(c);
      }
    }
    for (HeldChunks.Held h : held.takeExpired(Long.MAX_VALUE)) {
      released |= h.wasRequested();
      giveBack(h.chunk(), h.wasRequested());
    }
    requestedHere.clear();
    outstanding = 0;
    probing = false;
    groups.clear();
    if (released) {
      swarm.wakeOthers(channel); // an idle channel to an honest peer would otherwise wait for its next datagram
    }
  }

  boolean remoteHasAll() {
    applyEarlyHaves();
    if (!remoteHasAll && swarm.chunkCount() > 0) {
      remoteHasAll = remoteHas.nextClearBit(0) >= swarm.chunkCount();
    }
    return remoteHasAll;
  }

  BitSet remoteHas() {
    applyEarlyHaves();
    return remoteHas;
  }

  public int outstanding() {
    return outstanding;
  }

  /** Requests asked again because they seemed lost. */
  public long requestsRepeated() {
    return requestsRepeated;
  }
}
