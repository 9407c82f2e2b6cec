package dev.eddy.peer.channel;

import dev.eddy.peer.merkle.BinHash;
import dev.eddy.peer.observe.CloseReason;
import dev.eddy.peer.swarm.ChunkPicker;
import dev.eddy.peer.swarm.Swarm;
import dev.eddy.peer.wire.Ack;
import dev.eddy.peer.wire.Request;
import io.netty.buffer.ByteBuf;
import java.util.BitSet;
import java.util.List;

/**
 * The downloading half of a channel: remembers what the remote has (HAVE), keeps a window of chunks
 * requested from it (ranges the swarm's picker hands out, so no chunk is asked of two peers), verifies
 * every DATA through the swarm before it counts, and acknowledges received chunks once per read batch,
 * one ACK per run of consecutive chunks with the latest one-way delay sample of the run.
 */
public final class ChunkRequester {
  private final Channel channel;
  private final ChannelEnv env;
  private final ChannelConfig config;
  private final Swarm swarm;
  private final int windowChunks;

  private final BitSet remoteHas = new BitSet();
  private boolean remoteHasAll;
  private final BitSet requestedHere = new BitSet();
  private int outstanding;
  private boolean probing;
  private boolean choked;
  private long lastDataNs;

  // The ACK run being built in this read batch.
  private long ackFirst = -1;
  private long ackLast = -1;
  private long ackDelayMicros;

  ChunkRequester(Channel channel, ChannelEnv env, ChannelConfig config, Swarm swarm) {
    this.channel = channel;
    this.env = env;
    this.config = config;
    this.swarm = swarm;
    this.windowChunks = Math.max(16, config.requestWindowBytes() / swarm.chunkSize());
  }

  void onHave(long first, long last) {
    if (first > Integer.MAX_VALUE - 1) {
      return;
    }
    remoteHas.set((int) first, (int) Math.min(last, Integer.MAX_VALUE - 1) + 1);
    long count = swarm.chunkCount();
    remoteHasAll = count > 0 && remoteHas.nextClearBit(0) >= count;
  }

  void onChoked(boolean isChoked) {
    choked = isChoked;
    if (isChoked) {
      releaseAll(); // a choking peer discards our requests (RFC 7574 §8.12)
    }
  }

  /** Asks for more chunks while the window has room. */
  void fillRequests(long nowNs) {
    if (channel.state() != Channel.State.OPEN || choked || swarm.canServe() || swarm.isComplete()) {
      return;
    }
    ChunkPicker picker = swarm.picker();
    if (picker == null) {
      // Size unknown until the peaks verify: ask for the first chunk the remote has; its DATA brings them.
      int first = remoteHas.nextSetBit(0);
      if (!probing && first >= 0) {
        probing = true;
        requestedHere.set(first);
        outstanding++;
        lastDataNs = nowNs;
        channel.queueControl(new Request(channel.context().specFor(first, first)));
      }
      return;
    }
    if (outstanding >= windowChunks / 2 && outstanding > 0) {
      return; // refill in halves: fewer, longer REQUEST ranges
    }
    if (outstanding == 0) {
      lastDataNs = nowNs;
    }
    picker.pick(remoteHas, windowChunks - outstanding, (a, b) -> {
      requestedHere.set((int) a, (int) b + 1);
      outstanding += (int) (b - a + 1);
      channel.context().cover(a, b).forEach(spec -> channel.queueControl(new Request(spec)));
    });
  }

  void onData(long chunk, long timestampMicros, ByteBuf payload, List<BinHash> integrity) {
    long nowNs = env.clock().nanoTime();
    lastDataNs = nowNs;
    boolean wasRequested = forget(chunk);
    if (payload.readableBytes() == 0) {
      return; // libswift's answer to a request beyond the end
    }
    int bytes = payload.readableBytes();
    Swarm.Outcome outcome = swarm.onData(chunk, payload, integrity);
    switch (outcome) {
      case VERIFIED -> {
        channel.countReceived(bytes);
        env.observer().onChunkVerified(channel.ref(), chunk, chunk, bytes);
        queueAck(chunk, env.clock().epochMicros() - timestampMicros);
        swarm.announce(chunk, chunk);
      }
      case DUPLICATE -> queueAck(chunk, env.clock().epochMicros() - timestampMicros);
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
  void drainAcks() {
    if (ackFirst >= 0) {
      long delay = ackDelayMicros;
      channel.context().cover(ackFirst, ackLast).forEach(spec -> channel.queueControl(new Ack(spec, delay)));
      ackFirst = -1;
    }
  }

  void onTick(long nowNs) {
    if (outstanding > 0 && nowNs - lastDataNs > config.requestTimeoutNs()) {
      // The remote went quiet on our requests: give them back so this or another peer is asked again.
      releaseAll();
      lastDataNs = nowNs;
      fillRequests(nowNs);
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

  void releaseAll() {
    ChunkPicker picker = swarm.picker();
    if (picker != null) {
      for (int c = requestedHere.nextSetBit(0); c >= 0; c = requestedHere.nextSetBit(c + 1)) {
        picker.release(c);
      }
    }
    requestedHere.clear();
    outstanding = 0;
    probing = false;
  }

  boolean remoteHasAll() {
    if (!remoteHasAll && swarm.chunkCount() > 0) {
      remoteHasAll = remoteHas.nextClearBit(0) >= swarm.chunkCount();
    }
    return remoteHasAll;
  }

  public int outstanding() {
    return outstanding;
  }
}
