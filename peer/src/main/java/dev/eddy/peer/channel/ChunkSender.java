package dev.eddy.peer.channel;

import dev.eddy.peer.congestion.Ledbat;
import dev.eddy.peer.congestion.LossRecovery;
import dev.eddy.peer.merkle.Bin;
import dev.eddy.peer.merkle.BinHash;
import dev.eddy.peer.merkle.ReceiverKnowledge;
import dev.eddy.peer.observe.CongestionStats;
import dev.eddy.peer.observe.Misbehaviour;
import dev.eddy.peer.swarm.Swarm;
import dev.eddy.peer.wire.Bytes;
import dev.eddy.peer.wire.Data;
import dev.eddy.peer.wire.Integrity;
import dev.eddy.peer.wire.Message;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The serving half of a channel: chunks the remote requested, sent as fast as LEDBAT allows, each batch of
 * DATA preceded by the INTEGRITY hashes the remote lacks; ACKs give delay samples (LEDBAT) and deliveries,
 * from which {@link LossRecovery} finds the lost chunks (see the congestion package). Lost chunks go again
 * first, before any new request.
 *
 * <p>Where more than one chunk in a hundred was lost lately, each DATA carries its whole proof, so a lost
 * datagram costs its own chunk only ({@link #LOSSY}). Where loss is rarer, a batch's hashes count as held by
 * the receiver only within the batch: until a chunk is acknowledged, hashes it needs go again with every
 * later batch that needs them (a few per batch, from the tree's upper levels). So each batch verifies on
 * its own and a lost INTEGRITY datagram costs only its batch's chunks, which later batches'
 * acknowledgements reveal, instead of every chunk after it until a timeout. On a clean path (no loss among
 * the last few hundred chunks, no reordering seen) hashes go once: they count as held while the chunk they
 * went with is in flight, and go again only once it is presumed lost. Reordering would hold the chunks
 * relying on a late chunk's hashes at the receiver, late too, and with 1% reordering that made more
 * retransmissions than the hashes saved. Behind a bottleneck the window is paced by ACKs into batches of
 * one to three chunks, and sending the upper levels with each took three hashes per chunk where one is
 * needed (8 MiB through a 20 Mbit/s relay), about a tenth of what crossed the bottleneck.
 *
 * <p>Requests repeated by the receiver (it asks again when a REQUEST seems lost) add only the chunks not
 * already queued, in flight or delivered.
 */
public final class ChunkSender {
  /** Chunks per INTEGRITY datagram: their hashes (about one per chunk when nothing is lost) fit in one. */
  static final int BATCH_CHUNKS = 32;
  /**
   * A batch needing this many hashes or fewer (a small congestion window paced by ACKs: after losses, early
   * in slow start, behind a bottleneck) sends them in its first DATA datagram rather than a datagram of their
   * own: no extra datagram to lose, and with 1 KiB chunks the datagram stays under a 1500-byte MTU.
   */
  static final int MAX_PIGGYBACKED_HASHES = 12;
  /**
   * A share of chunks lost recently above which the path counts as lossy: then each DATA carries its whole
   * proof, so a lost datagram costs its own chunk only, not the rest of a batch that relied on its hashes
   * (those wait at the receiver unacknowledged, and are presumed lost and sent again too). It costs bytes,
   * about seven hashes per 1 KiB chunk, a fifth of a bottleneck's rate, so a clean path does not pay it.
   * At 5% loss it halved the chunks sent again; at 1% loss, and in 3% bursts, it halved them once more where
   * batches of 16 chunks and more still shared their hashes (a window of 25 segments and more).
   */
  static final double LOSSY = 0.01;
  /**
   * A share of chunks lost recently below which the path counts as clean: then hashes that went out with a
   * chunk still in flight are not sent again (see the class documentation). One loss keeps the path from
   * counting as clean for the next hundred chunks or so.
   */
  static final double CLEAN = LOSSY / 4;
  /** Weight of each chunk's fate in {@link #recentLoss}: about the last few hundred chunks count. */
  private static final double LOSS_WEIGHT = 1.0 / 256;
  /** Chunks sent again when the probe timeout fires. */
  static final int PROBE_CHUNKS = 2;
  /**
   * Runs of requested chunks waiting per channel at most (about 40 bytes each): a downloader's whole default
   * request window (4 MiB of 1 KiB chunks) asked for chunk by chunk fits; a REQUEST beyond it is refused and
   * counted (the peer asks again later).
   */
  static final int MAX_QUEUED_RUNS = 4096;
  private static final long NO_DELAY_SAMPLE = Long.MIN_VALUE;
  /** Requested chunks passed over per pick at most because another channel just got them (bounds the cost). */
  static final int MAX_PASSED_OVER = 256;

  private final Channel channel;
  private final ChannelEnv env;
  private final Swarm swarm;
  private final Ledbat ledbat;
  /** See {@link ChannelConfig#atomicDatagrams}: then every DATA carries its own proof. */
  private final boolean atomicDatagrams;
  private final LossRecovery recovery = new LossRecovery();

  /**
   * Requested runs not yet sent, in request order: {first, last} pairs. Runs never overlap: a chunk gets a
   * run only if no run still covers it ({@link #inRuns}), so their number is bounded by the content, and by
   * {@link #MAX_QUEUED_RUNS} against a peer that scatters its requests.
   */
  private final ArrayDeque<long[]> queue = new ArrayDeque<>();
  /** The chunks waiting in {@link #queue} to be sent: a repeated request adds only what is new. */
  private final BitSet queued = new BitSet();
  /**
   * The chunks some run covers, cancelled ones included until sending passes them: CANCEL only clears
   * {@link #queued} (no walk through the queue), and a chunk requested again while its run still covers it
   * is sent from that run, so REQUEST and CANCEL repeated for the same chunks never grow the queue.
   */
  private final BitSet inRuns = new BitSet();
  /** Chunks to send again, in the order they were lost. */
  private final ArrayDeque<Long> retransmit = new ArrayDeque<>();
  private final BitSet retransmitPending = new BitSet();
  /**
   * The lost transmission of each chunk waiting to be sent again: an acknowledgement meanwhile says how late
   * it was, and, if it was the first, that the chunk was sent once only after all.
   */
  private final Map<Long, InFlight> presumedLost = new HashMap<>();
  /**
   * On a clean path, the hashes whose first copy went out with each chunk in flight (a batch's hashes go with
   * its first chunk, or in a datagram ahead of it): the receiver counts as holding them until that chunk is
   * presumed lost.
   */
  private final Map<Long, List<BinHash>> hashesCarried = new HashMap<>();
  /** Chunks sent more than once: their ACKs give no RTT sample (Karn's rule); a second ACK means spurious. */
  private final BitSet resent = new BitSet();
  /** Chunks the remote acknowledged or announced. */
  private final BitSet delivered = new BitSet();
  private final ArrayDeque<InFlight> inFlightOrder = new ArrayDeque<>();
  /**
   * By chunk number. Not Netty's unboxed LongObjectHashMap: its linear probing puts the consecutive chunks in
   * flight in one cluster of slots, and each removal walked the whole cluster (a seeder's event loop +20%).
   */
  private final Map<Long, InFlight> inFlight = new HashMap<>();
  private ReceiverKnowledge knowledge;
  // The batch being assembled by pump(): reused, the data path allocates enough per chunk already.
  private final List<Message> batchIntegrity = new ArrayList<>();
  private final long[] batchChunks = new long[BATCH_CHUNKS];
  private final ByteBuf[] batchPayloads = new ByteBuf[BATCH_CHUNKS];
  @SuppressWarnings("unchecked")
  private final List<BinHash>[] batchProofs = new List[BATCH_CHUNKS];
  private long bytesInFlight;
  /**
   * The bytes in flight when {@link #pump} last ended: RFC 6817's flightsize for every acknowledgement that
   * arrives before the next pump. LEDBAT caps the window at the flight before an ACK; given the flight left
   * after each ACK of a datagram that carries several, each ACK capped the window below the one before, and
   * a sender never short of data to send was held to the last ACK's bytes (8 KiB chunks on loopback: 50–230
   * kB, with 2–4 MiB requested and waiting).
   */
  private long flightAtLastPump;
  private long nextSeq;
  /** The one-way delay sample of the latest ACK (HAVE-delivered chunks reuse it); samples may be negative. */
  private long lastDelayMicros = NO_DELAY_SAMPLE;
  /** Chunks of a probe that may still go out beyond the congestion window. */
  private int probeBudget;
  private boolean choking;
  private long retransmittedChunks;
  /** Moving share of chunks presumed lost among those whose fate is known. */
  private double recentLoss;
  /** Whether the chunk {@link #peekNext} returned comes from the request queue (else it is sent again). */
  private boolean nextFromQueue;

  private static final class InFlight {
    final long chunk;
    final long seq;
    final long sentNs;
    final int bytes;
    final boolean retransmission;
    boolean acked;

    InFlight(long chunk, long seq, long sentNs, int bytes, boolean retransmission) {
      this.chunk = chunk;
      this.seq = seq;
      this.sentNs = sentNs;
      this.bytes = bytes;
      this.retransmission = retransmission;
    }
  }

  ChunkSender(Channel channel, ChannelEnv env, ChannelConfig config, Swarm swarm) {
    this.atomicDatagrams = config.atomicDatagrams();
    this.channel = channel;
    this.env = env;
    this.swarm = swarm;
    int segment = swarm.chunkSize() + 64;
    this.ledbat = new Ledbat(config.targetDelayMicros(), segment, Math.max(config.maxCwndBytes(), 4L * segment), env.clock().nanoTime());
  }

  void onRequest(long first, long last) {
    if (!swarm.canServe() || choking) {
      return;
    }
    long end = Math.min(last, swarm.chunkCount() - 1);
    long c = Math.max(first, 0);
    while (c <= end) {
      c = skipKnown(c, end);
      long runStart = c;
      while (c <= end && isNew(c)) {
        c++;
      }
      if (runStart == c) {
        c++; // in flight
      } else if (!enqueue(runStart, c - 1)) {
        env.observer().onMisbehaviour(channel.ref(), Misbehaviour.REQUEST_REFUSED, first, last);
        return;
      }
    }
  }

  /**
   * The first chunk from {@code c} on that is not queued, delivered or waiting to be sent again, skipping
   * those a word at a time: a peer repeating a request for the whole content costs little.
   */
  private long skipKnown(long c, long end) {
    while (c <= end) {
      int i = (int) c;
      if (queued.get(i)) {
        c = queued.nextClearBit(i);
      } else if (delivered.get(i)) {
        c = delivered.nextClearBit(i);
      } else if (retransmitPending.get(i)) {
        c = retransmitPending.nextClearBit(i);
      } else {
        return c;
      }
    }
    return c;
  }

  /** Not queued, in flight, waiting to be resent or delivered: a request for it is news. */
  private boolean isNew(long chunk) {
    int c = (int) chunk;
    return !queued.get(c) && !delivered.get(c) && !retransmitPending.get(c) && !inFlight.containsKey(chunk);
  }

  /** Queues new chunks {@code [first, last]}: new runs for the parts no run covers; false if refused. */
  private boolean enqueue(long first, long last) {
    int end = (int) last + 1;
    for (int from = (int) first; from < end; ) {
      int uncovered = inRuns.nextClearBit(from);
      if (uncovered >= end) {
        break;
      }
      int coveredAgain = Math.min(inRuns.nextSetBit(uncovered) < 0 ? end : inRuns.nextSetBit(uncovered), end);
      if (queue.size() >= MAX_QUEUED_RUNS) {
        return false;
      }
      queue.add(new long[] {uncovered, coveredAgain - 1});
      inRuns.set(uncovered, coveredAgain);
      from = coveredAgain;
    }
    queued.set((int) first, end);
    return true;
  }

  void onCancel(long first, long last) {
    if (first < Integer.MAX_VALUE) {
      queued.clear((int) Math.max(first, 0), (int) Math.min(last, Integer.MAX_VALUE - 1) + 1); // runs skip them when sending
    }
    forgetRetransmissions(first, last, false, false, 0);
  }

  /**
   * Chunks in {@code [first, last]} waiting to be sent again need not be: the remote has them ({@code
   * delivered}, by HAVE if {@code announced}: then they were presumed lost too early) or does not want them.
   */
  private void forgetRetransmissions(long first, long last, boolean delivered, boolean announced, long nowNs) {
    if (first >= Integer.MAX_VALUE) {
      return;
    }
    int end = (int) Math.min(last, Integer.MAX_VALUE - 1);
    for (int c = retransmitPending.nextSetBit((int) first); c >= 0 && c <= end; c = retransmitPending.nextSetBit(c + 1)) {
      retransmitPending.clear(c);
      InFlight lost = presumedLost.remove((long) c);
      if (lost != null && !lost.retransmission) {
        resent.clear(c); // sent once: a later acknowledgement of it is no sign of a spurious retransmission
      }
      if (delivered && lost != null) {
        recovery.onLateDelivery(lost.sentNs, announced, nowNs);
      }
    }
  }

  /**
   * HAVE from the remote: it holds (and has verified) these chunks, so it knows their hashes, and those of
   * them in flight or waiting to be sent again are delivered, like acknowledged ones but without a delay or
   * round-trip sample of their own. libswift acknowledges only the last DATA it read before it sends (one of
   * each run of segments Eddy sends at once) and covers the rest with HAVE, and it answers a duplicate DATA
   * with HAVE alone; Eddy's downloader repeats its latest acknowledgements as HAVE, against lost ACKs. The
   * channel applies HAVEs after the ACKs of the same datagram, so an ACK still finds its chunk in flight and
   * gives its samples.
   */
  void onRemoteHas(long first, long last, long nowNs) {
    if (knowledge() != null) {
      knowledge.onChunksVerified(first, last);
    }
    long count = swarm.chunkCount();
    long end = Math.min(last, count - 1);
    if (first < 0 || first > end) {
      return;
    }
    long settled = settleRange(first, end, true, nowNs);
    delivered.set((int) first, (int) end + 1);
    forgetRetransmissions(first, end, true, true, nowNs);
    afterDelivery(settled, lastDelayMicros, nowNs);
  }

  void onAck(long first, long last, long delayMicros, long nowNs) {
    if (knowledge() != null) {
      knowledge.onChunksVerified(first, last);
    }
    long end = Math.min(last, swarm.chunkCount() - 1);
    if (first < 0 || first > end) {
      return;
    }
    lastDelayMicros = delayMicros;
    long acked = settleRange(first, end, false, nowNs);
    // A resent chunk acknowledged again: both copies arrived, so resending was not needed (a DSACK). Chunks
    // settled just now are not yet marked delivered, so their first acknowledgement does not count.
    for (int c = resent.nextSetBit((int) first); c >= 0 && c <= end; c = resent.nextSetBit(c + 1)) {
      if (delivered.get(c)) {
        resent.clear(c);
        recovery.onSpuriousRetransmission();
      }
    }
    delivered.set((int) first, (int) end + 1);
    forgetRetransmissions(first, end, true, false, nowNs); // a chunk presumed lost whose original arrived after all
    afterDelivery(acked, delayMicros, nowNs);
  }

  /**
   * Settles the chunks of {@code [first, end]} in flight; returns their bytes. Walks the range or the flight,
   * whichever is shorter: a range as wide as the content (a hostile peer's) costs no more than the flight.
   */
  private long settleRange(long first, long end, boolean announced, long nowNs) {
    long bytes = 0;
    if (end - first < inFlight.size()) {
      for (long c = first; c <= end; c++) {
        InFlight f = inFlight.remove(c);
        if (f != null) {
          bytes += settle(f, announced, nowNs);
        }
      }
    } else {
      for (InFlight f : inFlightOrder) {
        if (!f.acked && f.chunk >= first && f.chunk <= end && inFlight.remove(f.chunk, f)) {
          bytes += settle(f, announced, nowNs);
        }
      }
    }
    return bytes;
  }

  /** Marks {@code f} delivered; returns its bytes. */
  private int settle(InFlight f, boolean announced, long nowNs) {
    f.acked = true;
    hashesCarried.remove(f.chunk); // verified: the receiver holds its hashes for good
    recentLoss -= recentLoss * LOSS_WEIGHT;
    bytesInFlight -= f.bytes;
    recovery.onDelivered(f.seq, f.sentNs, f.retransmission, announced, nowNs);
    return f.bytes;
  }

  /** After chunks were delivered: the congestion window follows the delay sample, if one is known. */
  private void afterDelivery(long bytes, long delayMicros, long nowNs) {
    if (bytes > 0 && delayMicros != NO_DELAY_SAMPLE) {
      ledbat.onAck(delayMicros, bytes, Math.max(bytesInFlight, flightAtLastPump - bytes), nowNs);
    }
  }

  /** RACK: chunks sent before a delivered one and overdue by more than the reordering window are lost. */
  private void detectLosses(long nowNs) {
    InFlight head;
    long lostFirst = -1;
    long lostLast = -1;
    boolean reduce = false;
    while ((head = inFlightOrder.peekFirst()) != null) {
      if (head.acked) {
        inFlightOrder.pollFirst();
      } else if (recovery.isLost(head.seq, head.sentNs, nowNs)) {
        inFlightOrder.pollFirst();
        markLost(head);
        reduce |= recovery.onLoss(head.seq, nextSeq);
        if (lostFirst >= 0 && head.chunk != lostLast + 1) {
          reportRetransmission(lostFirst, lostLast, 1);
          lostFirst = -1;
        }
        if (lostFirst < 0) {
          lostFirst = head.chunk;
        }
        lostLast = head.chunk;
      } else {
        break; // sent in order: if the oldest is not overdue, none after it is
      }
    }
    if (lostFirst >= 0) {
      reportRetransmission(lostFirst, lostLast, 1);
    }
    if (reduce) {
      ledbat.onLoss();
    }
  }

  private void reportRetransmission(long first, long last, int attempt) {
    env.observer().onRetransmission(channel.ref(), first, last, attempt, recovery.probeTimeoutNs());
  }

  private void markLost(InFlight f) {
    recentLoss += (1 - recentLoss) * LOSS_WEIGHT;
    List<BinHash> carried = hashesCarried.remove(f.chunk);
    if (carried != null) {
      knowledge.forgetSent(carried); // the chunks that relied on them wait for them at the receiver; they go again
    }
    inFlight.remove(f.chunk);
    bytesInFlight -= f.bytes;
    retransmit.add(f.chunk);
    retransmitPending.set((int) f.chunk);
    presumedLost.put(f.chunk, f);
    resent.set((int) f.chunk);
  }

  void onTick(long nowNs) {
    InFlight head;
    while ((head = inFlightOrder.peekFirst()) != null && head.acked) {
      inFlightOrder.pollFirst();
    }
    if (head != null) {
      boolean waiting = peekNext(nowNs) >= 0;
      switch (recovery.timer(head.sentNs, waiting, nowNs)) {
        case NONE -> {}
        case PROBE -> {
          // Two chunks beyond the window, as QUIC sends, so one lost probe does not cost another probe timeout.
          // Their ACKs reveal (by RACK) whatever else of the tail was lost, and repeat as HAVE what a lost ACK
          // datagram acknowledged (the usual silence on a lossy path: the chunks came, their ACK did not).
          recovery.onProbeSent(nowNs);
          // The chunks waiting to be sent anyway go first (sent by the pump below): nothing is sent twice.
          probeBudget = waiting ? PROBE_CHUNKS : resendOldest();
        }
        case TIMEOUT -> {
          // Nothing came back from two probes: everything in flight is lost, LEDBAT restarts.
          long first = head.chunk;
          long count = 0;
          for (InFlight f : inFlightOrder) {
            if (!f.acked) {
              markLost(f);
              count++;
            }
          }
          inFlightOrder.clear();
          recovery.onTimeout(nextSeq, nowNs);
          ledbat.onTimeout();
          reportRetransmission(first, first + count - 1, 3);
        }
      }
    }
    pump(nowNs);
  }

  /** Nothing new to probe with: the oldest chunks in flight go again, first; returns how many. */
  private int resendOldest() {
    List<Long> probed = new ArrayList<>(PROBE_CHUNKS);
    for (Iterator<InFlight> it = inFlightOrder.iterator(); it.hasNext() && probed.size() < PROBE_CHUNKS; ) {
      InFlight f = it.next();
      if (!f.acked) {
        it.remove();
        markLost(f);
        retransmit.removeLastOccurrence(f.chunk);
        probed.add(f.chunk);
      }
    }
    for (int i = probed.size() - 1; i >= 0; i--) {
      retransmit.addFirst(probed.get(i));
    }
    probed.forEach(c -> reportRetransmission(c, c, 2));
    return probed.size();
  }

  /**
   * Sends as many queued chunks as the congestion window and the socket allow, in batches: one datagram
   * with the INTEGRITY hashes of up to {@link #BATCH_CHUNKS} chunks, then one DATA datagram per chunk. DATA
   * datagrams of one chunk size are all the same size, so the transport can hand a run of them to the
   * kernel in one segmented send. With atomic datagrams each DATA carries its own hashes instead.
   */
  void pump(long nowNs) {
    if (channel.state() != Channel.State.OPEN || !swarm.canServe()) {
      return;
    }
    detectLosses(nowNs);
    try {
      send(nowNs);
    } finally {
      flightAtLastPump = bytesInFlight;
    }
  }

  private void send(long nowNs) {
    while (env.canSendMore()) {
      int count = 0;
      IOException unreadable = null;
      for (long chunk; count < BATCH_CHUNKS && (chunk = peekNext(nowNs)) >= 0; count++) {
        int length = swarm.chunkLength(chunk);
        if (!ledbat.canSend(bytesInFlight, length) && probeBudget == 0) {
          break;
        }
        probeBudget = Math.max(0, probeBudget - 1);
        ByteBuf payload = env.allocator().directBuffer(length);
        try {
          swarm.readChunk(chunk, payload);
        } catch (IOException e) {
          payload.release();
          takeNext(chunk); // not sent: the downloader asks again, of us or of another peer
          unreadable = new IOException("cannot read chunk " + chunk + " of the content", e);
          break; // what the batch holds so far still goes, fully accounted
        }
        takeNext(chunk);
        List<BinHash> proof = swarm.proof(chunk, knowledge());
        if (!atomicDatagrams) {
          knowledge.onSent(proof); // for the rest of this batch
        }
        batchChunks[count] = chunk;
        batchPayloads[count] = payload;
        batchProofs[count] = proof;
        bytesInFlight += length;
      }
      // On a lossy path each DATA carries its whole proof, so each arrives verifiable on its own; otherwise
      // the batch's hashes go once, with its first DATA if they are few, else ahead of it.
      boolean selfContained = atomicDatagrams || recentLoss >= LOSSY;
      boolean clean = !selfContained && recentLoss < CLEAN && !recovery.reorderingSeen() && count > 0;
      if (!atomicDatagrams) {
        List<BinHash> carried = clean ? new ArrayList<>() : null;
        for (int i = 0; i < count; i++) {
          if (clean) {
            carried.addAll(batchProofs[i]); // later batches leave them out while the first chunk is in flight
          } else {
            knowledge.forgetSent(batchProofs[i]); // later batches carry what they need until it is acknowledged
          }
          if (selfContained) {
            batchProofs[i] = swarm.proof(batchChunks[i], knowledge);
          } else {
            addIntegrity(batchProofs[i], batchIntegrity);
          }
        }
        if (clean && !carried.isEmpty()) {
          hashesCarried.put(batchChunks[0], carried);
        }
        if (batchIntegrity.size() > MAX_PIGGYBACKED_HASHES) {
          channel.sendSplit(List.copyOf(batchIntegrity));
          batchIntegrity.clear();
        }
      }
      for (int i = 0; i < count; i++) {
        sendData(batchChunks[i], batchPayloads[i], selfContained ? integrityOf(batchProofs[i]) : batchIntegrity, nowNs);
        batchIntegrity.clear();
        batchPayloads[i] = null;
        batchProofs[i] = null;
      }
      if (unreadable != null) {
        throw new UncheckedIOException(unreadable);
      }
      if (count == 0) {
        return;
      }
    }
  }

  /**
   * The next chunk to send: one to send again first, else the oldest request, passing over (up to {@link
   * #MAX_PASSED_OVER}) chunks this peer sent another channel moments ago, which that downloader will soon
   * offer the others ({@link Swarm#sentMomentsAgo}); -1 if nothing may go now.
   */
  private long peekNext(long nowNs) {
    nextFromQueue = false;
    while (!retransmit.isEmpty()) {
      long c = retransmit.peekFirst();
      if (retransmitPending.get((int) c)) {
        return c;
      }
      retransmit.pollFirst();
    }
    while (!queue.isEmpty()) {
      long[] run = queue.peekFirst();
      int next = queued.nextSetBit((int) run[0]); // past chunks cancelled or sent meanwhile
      int passedEnd = next < 0 || next > run[1] ? (int) run[1] + 1 : next;
      inRuns.clear((int) run[0], passedEnd);
      run[0] = passedEnd;
      if (run[0] <= run[1]) {
        break;
      }
      queue.pollFirst();
    }
    if (queue.isEmpty()) {
      return -1;
    }
    if (!swarm.sentMomentsAgo(queue.peekFirst()[0], nowNs)) {
      nextFromQueue = true;
      return queue.peekFirst()[0];
    }
    int passedOver = 0;
    for (long[] run : queue) {
      for (int c = queued.nextSetBit((int) run[0]); c >= 0 && c <= run[1]; c = queued.nextSetBit(c + 1)) {
        if (!swarm.sentMomentsAgo(c, nowNs)) {
          nextFromQueue = true;
          return c;
        }
        if (++passedOver >= MAX_PASSED_OVER) {
          return -1;
        }
      }
    }
    return -1;
  }

  /** Takes the chunk {@link #peekNext} returned off its queue. */
  private void takeNext(long chunk) {
    if (!nextFromQueue) {
      retransmit.pollFirst();
      retransmitPending.clear((int) chunk);
      presumedLost.remove(chunk);
    } else {
      // A chunk from the middle of a run stays covered by it (see inRuns) until sending passes it.
      queued.clear((int) chunk);
    }
  }

  /** Sends one DATA, after {@code integrity} in the same datagram. */
  private void sendData(long chunk, ByteBuf payload, List<Message> integrity, long nowNs) {
    int length = swarm.chunkLength(chunk); // as counted in flight, even if a shrunk file read short
    boolean again = resent.get((int) chunk);
    if (again) {
      retransmittedChunks++;
    }
    InFlight f = new InFlight(chunk, nextSeq++, nowNs, length, again);
    inFlight.put(chunk, f);
    inFlightOrder.addLast(f);
    channel.countSent(chunk, length, nowNs);
    Data data = new Data(channel.sendContext().specFor(chunk, chunk), env.clock().epochMicros(), payload);
    if (integrity.isEmpty()) {
      channel.send(channel.remoteId(), List.of(data)); // the usual case: the datagram keeps this list as it is
      return;
    }
    List<Message> messages = new ArrayList<>(integrity.size() + 1);
    messages.addAll(integrity);
    messages.add(data);
    channel.send(channel.remoteId(), messages);
  }

  private List<Message> integrityOf(List<BinHash> proof) {
    List<Message> messages = new ArrayList<>(proof.size());
    addIntegrity(proof, messages);
    return messages;
  }

  private void addIntegrity(List<BinHash> proof, List<Message> to) {
    for (BinHash h : proof) {
      to.add(new Integrity(channel.sendContext().specFor(Bin.firstChunk(h.bin()), Bin.lastChunk(h.bin())), Bytes.of(h.hash().toByteArray())));
    }
  }

  private ReceiverKnowledge knowledge() {
    if (knowledge == null && swarm.canServe()) {
      knowledge = new ReceiverKnowledge(swarm.chunkCount());
    }
    return knowledge;
  }

  boolean choking() {
    return choking;
  }

  void setChoking(boolean choke) {
    choking = choke;
    if (choke) {
      queue.clear(); // RFC 7574 §8.12: requests received before the CHOKE are discarded
      queued.clear();
      inRuns.clear();
    }
  }

  public long cwndBytes() {
    return ledbat.cwndBytes();
  }

  public long baseDelayMicros() {
    return ledbat.baseDelayMicros();
  }

  public long queuingDelayMicros() {
    return ledbat.queuingDelayMicros();
  }

  public long rttMicros() {
    return recovery.srttNs() / 1000;
  }

  /** Loss recovery's counters so far (retransmissions include probes and timeouts). */
  public CongestionStats.LossCounters lossCounters() {
    return new CongestionStats.LossCounters(retransmittedChunks, recovery.spuriousRetransmissions(), recovery.episodes(), recovery.timeouts());
  }

  public long bytesInFlight() {
    return bytesInFlight;
  }
}
