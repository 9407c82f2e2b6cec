package dev.eddy.peer.channel;

import dev.eddy.peer.congestion.Ledbat;
import dev.eddy.peer.congestion.RttEstimator;
import dev.eddy.peer.merkle.Bin;
import dev.eddy.peer.merkle.BinHash;
import dev.eddy.peer.merkle.ReceiverKnowledge;
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
import java.util.List;
import java.util.Map;

/**
 * The serving half of a channel: chunks the remote requested, sent as fast as LEDBAT allows, each DATA
 * preceded by the INTEGRITY hashes the remote still lacks; ACKs give delay samples (LEDBAT), round-trip
 * samples (RTO) and, by gaps, losses. A chunk unacknowledged while three chunks sent after it were
 * acknowledged is lost; a chunk unacknowledged for an RTO means everything in flight is.
 */
public final class ChunkSender {
  private static final int REORDER_THRESHOLD = 3;
  /** Chunks per INTEGRITY datagram: their hashes (about one per chunk when nothing is lost) fit in one. */
  static final int BATCH_CHUNKS = 32;
  private static final long MS = 1_000_000L;
  private static final long NO_DELAY_SAMPLE = Long.MIN_VALUE;

  private final Channel channel;
  private final ChannelEnv env;
  private final Swarm swarm;
  private final Ledbat ledbat;
  /** See {@link ChannelConfig#atomicDatagrams}: then no hash counts as held before it is acknowledged. */
  private final boolean atomicDatagrams;
  private final RttEstimator rtt = new RttEstimator(1000 * MS, 200 * MS, 10_000 * MS);

  /** Requested runs not yet sent, in request order: {first, last} pairs. */
  private final ArrayDeque<long[]> queue = new ArrayDeque<>();
  /** Chunks to send again, in the order they were lost. */
  private final ArrayDeque<Long> retransmit = new ArrayDeque<>();
  private final BitSet retransmitPending = new BitSet();
  /** Chunks sent more than once: their ACKs give no RTT sample (Karn's rule). */
  private final BitSet resent = new BitSet();
  private final ArrayDeque<InFlight> inFlightOrder = new ArrayDeque<>();
  private final Map<Long, InFlight> inFlight = new HashMap<>();
  private ReceiverKnowledge knowledge;
  // The batch being assembled by pump(): reused, the data path allocates enough per chunk already.
  private final List<Message> batchIntegrity = new ArrayList<>();
  private final long[] batchChunks = new long[BATCH_CHUNKS];
  private final ByteBuf[] batchPayloads = new ByteBuf[BATCH_CHUNKS];
  @SuppressWarnings("unchecked")
  private final List<BinHash>[] batchProofs = new List[BATCH_CHUNKS];
  private long bytesInFlight;
  private long nextSeq;
  private long highestAckedSeq = -1;
  /** The one-way delay sample of the latest ACK (HAVE-delivered chunks reuse it); samples may be negative. */
  private long lastDelayMicros = NO_DELAY_SAMPLE;
  private int rtoBackoff = 1;
  private boolean choking;

  private static final class InFlight {
    final long chunk;
    final long seq;
    final long sentNs;
    final int bytes;
    final int sends;
    /** The INTEGRITY hashes that went with it, taken back from the receiver's knowledge if it is lost. */
    final List<BinHash> proof;
    boolean acked;

    InFlight(long chunk, long seq, long sentNs, int bytes, int sends, List<BinHash> proof) {
      this.chunk = chunk;
      this.seq = seq;
      this.sentNs = sentNs;
      this.bytes = bytes;
      this.sends = sends;
      this.proof = proof;
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
    if (first <= end) {
      queue.add(new long[] {first, end});
    }
  }

  void onCancel(long first, long last) {
    for (long[] run : queue) {
      if (run[0] >= first && run[1] <= last) {
        run[0] = run[1] + 1; // emptied; skipped by pump
      } else if (run[0] >= first && run[0] <= last) {
        run[0] = last + 1;
      } else if (run[1] >= first && run[1] <= last) {
        run[1] = first - 1;
      }
    }
    forgetRetransmissions(first, last);
  }

  /** Chunks in {@code [first, last]} waiting to be sent again need not be: the remote has them or does not want them. */
  private void forgetRetransmissions(long first, long last) {
    if (first >= Integer.MAX_VALUE) {
      return;
    }
    int end = (int) Math.min(last, Integer.MAX_VALUE - 1);
    for (int c = retransmitPending.nextSetBit((int) first); c >= 0 && c <= end; c = retransmitPending.nextSetBit(c + 1)) {
      retransmitPending.clear(c);
    }
  }

  /**
   * HAVE from the remote: it holds (and has verified) these chunks, so it knows their hashes, and those of
   * them in flight or waiting to be sent again are delivered, like acknowledged ones but without a delay or
   * round-trip sample of their own. libswift acknowledges only the last DATA it read before it sends (one of
   * each run of segments Eddy sends at once) and covers the rest with HAVE, and it answers a duplicate DATA
   * with HAVE alone: counting only ACKs made every other chunk look lost, and a retransmitted chunk it
   * already held stayed in flight for good, each timeout doubling the next. The channel applies HAVEs after
   * the ACKs of the same datagram, so an ACK still finds its chunk in flight and gives its samples.
   */
  void onRemoteHas(long first, long last, long nowNs) {
    if (knowledge() != null) {
      knowledge.onChunksVerified(first, last);
    }
    long delivered = 0;
    if (last - first < inFlight.size()) {
      for (long c = first; c <= last; c++) {
        InFlight f = inFlight.remove(c);
        if (f != null) {
          delivered += settle(f);
        }
      }
    } else {
      for (InFlight f : inFlightOrder) {
        if (!f.acked && f.chunk >= first && f.chunk <= last && inFlight.remove(f.chunk, f)) {
          delivered += settle(f);
        }
      }
    }
    forgetRetransmissions(first, last);
    afterDelivery(delivered, lastDelayMicros, -1, nowNs);
  }

  void onAck(long first, long last, long delayMicros, long nowNs) {
    if (knowledge() != null) {
      knowledge.onChunksVerified(first, last);
    }
    lastDelayMicros = delayMicros;
    long acked = 0;
    long rttSample = -1;
    for (long c = first; c <= last; c++) {
      InFlight f = inFlight.remove(c);
      if (f != null) {
        acked += settle(f);
        if (f.sends == 1) {
          rttSample = nowNs - f.sentNs; // Karn: never from a retransmitted chunk
        }
      }
    }
    forgetRetransmissions(first, last); // a chunk presumed lost whose original arrived after all
    afterDelivery(acked, delayMicros, rttSample, nowNs);
  }

  /** Marks {@code f} delivered; returns its bytes. */
  private int settle(InFlight f) {
    f.acked = true;
    bytesInFlight -= f.bytes;
    highestAckedSeq = Math.max(highestAckedSeq, f.seq);
    return f.bytes;
  }

  /** After chunks were delivered: round trip (if sampled), congestion window (if a delay is known), losses. */
  private void afterDelivery(long bytes, long delayMicros, long rttSample, long nowNs) {
    if (bytes == 0) {
      return;
    }
    if (rttSample >= 0) {
      rtt.onSample(rttSample);
    }
    rtoBackoff = 1;
    if (delayMicros != NO_DELAY_SAMPLE) {
      ledbat.onAck(delayMicros, bytes, bytesInFlight, nowNs);
    }
    detectLosses(nowNs);
  }

  private void detectLosses(long nowNs) {
    InFlight head;
    long lostFirst = -1;
    long lostLast = -1;
    while ((head = inFlightOrder.peekFirst()) != null) {
      if (head.acked) {
        inFlightOrder.pollFirst();
      } else if (head.seq + REORDER_THRESHOLD <= highestAckedSeq) {
        inFlightOrder.pollFirst();
        markLost(head);
        if (lostFirst < 0) {
          ledbat.onLoss(Math.max(rtt.srttNs(), MS), nowNs);
          lostFirst = head.chunk;
        } else if (head.chunk != lostLast + 1) {
          env.observer().onRetransmission(channel.ref(), lostFirst, lostLast, head.sends, rtt.rtoNs());
          lostFirst = head.chunk;
        }
        lostLast = head.chunk;
      } else {
        break;
      }
    }
    if (lostFirst >= 0) {
      env.observer().onRetransmission(channel.ref(), lostFirst, lostLast, 1, rtt.rtoNs());
    }
  }

  private void markLost(InFlight f) {
    knowledge.onLost(f.proof);
    inFlight.remove(f.chunk);
    bytesInFlight -= f.bytes;
    retransmit.add(f.chunk);
    retransmitPending.set((int) f.chunk);
    resent.set((int) f.chunk);
  }

  void onTick(long nowNs) {
    InFlight head;
    while ((head = inFlightOrder.peekFirst()) != null && head.acked) {
      inFlightOrder.pollFirst();
    }
    if (head == null || nowNs - head.sentNs < rtt.rtoNs() * rtoBackoff) {
      pump(nowNs);
      return;
    }
    // Retransmission timeout: everything in flight is presumed lost; LEDBAT restarts from one segment.
    long first = head.chunk;
    long count = 0;
    for (InFlight f : inFlightOrder) {
      if (!f.acked) {
        markLost(f);
        count++;
      }
    }
    inFlightOrder.clear();
    env.observer().onRetransmission(channel.ref(), first, first + count - 1, head.sends + 1, rtt.rtoNs() * rtoBackoff);
    rtoBackoff = Math.min(rtoBackoff * 2, 64);
    ledbat.onTimeout();
    pump(nowNs);
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
    while (env.canSendMore()) {
      int count = 0;
      IOException unreadable = null;
      for (long chunk; count < BATCH_CHUNKS && (chunk = peekNext()) >= 0; count++) {
        int length = swarm.chunkLength(chunk);
        if (!ledbat.canSend(bytesInFlight, length)) {
          break;
        }
        ByteBuf payload = env.allocator().directBuffer(length);
        try {
          swarm.readChunk(chunk, payload);
        } catch (IOException e) {
          payload.release();
          takeNext(); // not sent: the downloader asks again, of us or of another peer
          unreadable = new IOException("cannot read chunk " + chunk + " of the content", e);
          break; // what the batch holds so far still goes, fully accounted
        }
        takeNext();
        List<BinHash> proof = swarm.proof(chunk, knowledge());
        if (!atomicDatagrams) {
          knowledge.onSent(proof);
          addIntegrity(proof, batchIntegrity);
        }
        batchChunks[count] = chunk;
        batchPayloads[count] = payload;
        batchProofs[count] = proof;
        bytesInFlight += length;
      }
      if (!batchIntegrity.isEmpty()) {
        channel.sendSplit(List.copyOf(batchIntegrity));
        batchIntegrity.clear();
      }
      for (int i = 0; i < count; i++) {
        sendData(batchChunks[i], batchPayloads[i], batchProofs[i], nowNs);
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

  private long peekNext() {
    while (!retransmit.isEmpty()) {
      long c = retransmit.peekFirst();
      if (retransmitPending.get((int) c)) {
        return c;
      }
      retransmit.pollFirst();
    }
    while (!queue.isEmpty()) {
      long[] run = queue.peekFirst();
      if (run[0] <= run[1]) {
        return run[0];
      }
      queue.pollFirst();
    }
    return -1;
  }

  private void takeNext() {
    if (!retransmit.isEmpty()) {
      long c = retransmit.pollFirst();
      retransmitPending.clear((int) c);
    } else {
      queue.peekFirst()[0]++;
    }
  }

  private void sendData(long chunk, ByteBuf payload, List<BinHash> proof, long nowNs) {
    int length = swarm.chunkLength(chunk); // as counted in flight, even if a shrunk file read short
    InFlight f = new InFlight(chunk, nextSeq++, nowNs, length, resent.get((int) chunk) ? 2 : 1, proof);
    inFlight.put(chunk, f);
    inFlightOrder.addLast(f);
    channel.countSent(length);
    List<Message> messages = new ArrayList<>(atomicDatagrams ? proof.size() + 1 : 1);
    if (atomicDatagrams) {
      addIntegrity(proof, messages);
    }
    messages.add(new Data(channel.context().specFor(chunk, chunk), env.clock().epochMicros(), payload));
    channel.send(channel.remoteId(), messages);
  }

  private void addIntegrity(List<BinHash> proof, List<Message> to) {
    for (BinHash h : proof) {
      to.add(new Integrity(channel.context().specFor(Bin.firstChunk(h.bin()), Bin.lastChunk(h.bin())), Bytes.of(h.hash().toByteArray())));
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
    return rtt.srttNs() / 1000;
  }

  public long bytesInFlight() {
    return bytesInFlight;
  }
}
