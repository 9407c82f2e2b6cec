package dev.eddy.peer.channel;

import dev.eddy.peer.merkle.Bin;
import dev.eddy.peer.merkle.BinHash;
import dev.eddy.peer.merkle.Hash;
import dev.eddy.peer.observe.ChannelRef;
import dev.eddy.peer.observe.ChannelTotals;
import dev.eddy.peer.observe.CloseReason;
import dev.eddy.peer.observe.Misbehaviour;
import dev.eddy.peer.observe.NegotiatedOptions;
import dev.eddy.peer.swarm.Swarm;
import dev.eddy.peer.swarm.SwarmMember;
import dev.eddy.peer.wire.Ack;
import dev.eddy.peer.wire.Bytes;
import dev.eddy.peer.wire.Cancel;
import dev.eddy.peer.wire.ChunkAddressing;
import dev.eddy.peer.wire.Choke;
import dev.eddy.peer.wire.Data;
import dev.eddy.peer.wire.DecodingContext;
import dev.eddy.peer.wire.Handshake;
import dev.eddy.peer.wire.HandshakeOptions;
import dev.eddy.peer.wire.Have;
import dev.eddy.peer.wire.Integrity;
import dev.eddy.peer.wire.Message;
import dev.eddy.peer.wire.PexReq;
import dev.eddy.peer.wire.PexResCert;
import dev.eddy.peer.wire.PexResV4;
import dev.eddy.peer.wire.PexResV6;
import dev.eddy.peer.wire.Request;
import dev.eddy.peer.wire.Unchoke;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * One channel: this peer and one remote peer in one swarm (RFC 7574 §3). Owns the handshake state, the
 * timers (driven by {@link #onTick}), and both directions of content transfer: {@link ChunkSender} serves
 * what the remote requests, {@link ChunkRequester} asks for what the swarm's picker hands it. Runs on the
 * peer's event loop only; all time comes from the env's clock.
 */
public final class Channel implements SwarmMember {
  /** Handshake progress. */
  public enum State {
    /** We sent the opening handshake and wait for the reply. */
    AWAITING_REPLY,
    /** We replied to a handshake and wait for the initiator's next datagram (proof it owns its address). */
    REPLIED,
    /** Handshake complete: content may flow. */
    OPEN,
    CLOSED
  }

  private final ChannelEnv env;
  private final ChannelConfig config;
  private final Swarm swarm;
  private final long localId;
  private final InetSocketAddress remote;
  private final boolean initiator;
  private final long createdNs;

  private State state;
  private long remoteId;
  /**
   * How our messages are written: the options we announce. A HANDSHAKE's options describe how its sender
   * encodes (RFC 7574 §7), so the two directions of one channel may differ.
   */
  private final DecodingContext sendContext;
  /** How the remote's messages are read: RFC defaults until its handshake, then the options it announced. */
  private DecodingContext receiveContext;
  private ChannelRef ref;
  private int handshakeAttempt;
  private long nextHandshakeNs;
  private long lastReceivedNs;
  private long lastSentNs;
  /** When the remote last asked for chunks (served or not); {@link Long#MIN_VALUE} if it never did. */
  private long lastRequestNs = Long.MIN_VALUE;

  private long bytesSent;
  private long bytesReceived;
  private long chunksSent;
  private long chunksReceived;
  private long duplicateChunks;
  private final ChokeTimer chokedByRemote = new ChokeTimer();
  private final ChokeTimer chokedByUs = new ChokeTimer();

  private final ChunkSender sender;
  private final ChunkRequester requester;
  private final List<Message> pendingControl = new ArrayList<>();
  /**
   * The latest run of INTEGRITY hashes, after the two before it: they prove the DATA that follow until the
   * next run begins, whether they came in a DATA's own datagram or in a datagram ahead of several (Eddy
   * sends one for a batch of chunks; libswift one per chunk), and the runs before still prove their own DATA
   * that reordering brought late. Two, because a batch's hashes may fill two datagrams, and a path whose
   * delays vary by 10 ms delivered the second ahead of the first, each a run of its own: with one run kept,
   * the chunks proved by both verified only when sent again (8 MiB at 100 ms with 10 ms of jitter, two
   * rounds: 204 chunks sent again with one run kept, 119 with two). Each run is bounded against floods. A
   * hash here is never trusted by itself: it only takes part in verifying a chunk, and is remembered only if
   * that chunk verifies.
   */
  private final List<BinHash> pendingIntegrity = new ArrayList<>();
  /** Room for a whole batch of retransmitted chunks whose hashes all go again: 32 chunks, 32 uncles each. */
  private static final int MAX_PENDING_INTEGRITY = ChunkSender.BATCH_CHUNKS * 32;
  private boolean dataSinceIntegrity;
  /** How many of {@link #pendingIntegrity}'s hashes, at its start, are the oldest run's, then the next's. */
  private int oldestRunSize;
  private int previousRunSize;
  /** Request timeouts without a datagram from a peer we are downloading from before it counts as gone. */
  static final int UNANSWERED_REQUEST_TIMEOUTS = 3;
  /**
   * Times the HAVEs sent when the channel opens go at most. They are the remote's only news of what we hold,
   * and nothing acknowledges a HAVE: one lost datagram and the remote would never ask us for anything (a soak
   * run saw a download wait so until its timeout). So they go again, backing off as handshakes do, until the
   * remote asks for something or needs nothing; at 2% loss all five are lost once in 3e8 channels.
   */
  static final int OPENING_ANNOUNCEMENTS = 5;
  private int announcements;
  /** When the opening HAVEs go again; 0 when they need not. */
  private long announceAgainNs;

  private Channel(ChannelEnv env, ChannelConfig config, Swarm swarm, long localId, InetSocketAddress remote, boolean initiator,
      DecodingContext receiveContext) {
    this.env = env;
    this.config = config;
    this.swarm = swarm;
    this.localId = localId;
    this.remote = remote;
    this.initiator = initiator;
    this.sendContext = baseContextFor(swarm).withChunkAddressing(config.chunkAddressing());
    this.receiveContext = receiveContext;
    this.createdNs = env.clock().nanoTime();
    this.lastReceivedNs = createdNs;
    this.lastSentNs = createdNs;
    this.ref = new ChannelRef(localId, 0, remote, swarm.idHex());
    this.sender = new ChunkSender(this, env, config, swarm);
    this.requester = new ChunkRequester(this, env, config, swarm);
  }

  /** Opens a channel to {@code remote}: sends the opening handshake now and retries it with backoff. */
  public static Channel initiate(ChannelEnv env, ChannelConfig config, Swarm swarm, long localId, InetSocketAddress remote) {
    Channel ch = new Channel(env, config, swarm, localId, remote, true, baseContextFor(swarm));
    ch.state = State.AWAITING_REPLY;
    swarm.join(ch);
    ch.sendHandshake();
    return ch;
  }

  /**
   * Answers an opening handshake that named a swarm we serve with acceptable options: replies with our
   * channel ID and nothing else (no amplification before the initiator proves its address).
   *
   * @param remoteContext how the initiator's messages decode: {@link #baseContextFor} after its options
   */
  public static Channel accept(
      ChannelEnv env, ChannelConfig config, Swarm swarm, long localId, InetSocketAddress remote, Handshake opening,
      DecodingContext remoteContext) {
    Channel ch = new Channel(env, config, swarm, localId, remote, false, remoteContext);
    ch.state = State.REPLIED;
    ch.remoteId = opening.sourceChannel();
    ch.ref = new ChannelRef(localId, ch.remoteId, remote, swarm.idHex());
    ch.nextHandshakeNs = ch.createdNs + config.handshakeGiveUpNs();
    swarm.join(ch);
    ch.sendReply();
    return ch;
  }

  /**
   * The swarm's chunk size and hash function, RFC 7574's (and libswift's) defaults otherwise: how a remote's
   * messages decode before its handshake, and what its handshake's options apply to.
   */
  public static DecodingContext baseContextFor(Swarm swarm) {
    return DecodingContext.DEFAULT
        .withChunkSize(swarm.chunkSize())
        .withMerkleHashFunction(dev.eddy.peer.wire.MerkleHashFunction.of(swarm.hashFunction().code()))
        .withChunkAddressing(ChunkAddressing.CHUNK_RANGES_32);
  }

  /** The opening handshake's options, the set libswift accepts (DESIGN.md §3): no options 8 or 9. */
  static HandshakeOptions openingOptions(Swarm swarm, DecodingContext context) {
    return HandshakeOptions.NONE.withVersion(1).withMinimumVersion(1).withSwarmId(Bytes.of(swarm.rootHash().toByteArray()))
        .withContentIntegrity(dev.eddy.peer.wire.ContentIntegrity.MERKLE_HASH_TREE)
        .withMerkleHashFunction(context.merkleHashFunction())
        .withChunkAddressing(context.chunkAddressing());
  }

  private void sendHandshake() {
    handshakeAttempt++;
    nextHandshakeNs = env.clock().nanoTime() + config.handshakeRetryDelayNs(handshakeAttempt);
    send(0, List.of(new Handshake(localId, openingOptions(swarm, sendContext))));
  }

  /** Our reply: our options without the swarm ID, as libswift sends it (ours, not an echo of the initiator's). */
  void sendReply() {
    HandshakeOptions options = HandshakeOptions.NONE.withVersion(1).withMinimumVersion(1)
        .withContentIntegrity(dev.eddy.peer.wire.ContentIntegrity.MERKLE_HASH_TREE)
        .withMerkleHashFunction(sendContext.merkleHashFunction())
        .withChunkAddressing(sendContext.chunkAddressing());
    send(remoteId, List.of(new Handshake(localId, options)));
  }

  /** The initiator sent its opening handshake again: our reply was lost, so send it again. */
  public void onRepeatedOpening() {
    if (state == State.REPLIED) {
      sendReply();
    }
  }

  // ---- receiving ----------------------------------------------------------------------------------------

  /** A decoded datagram addressed to this channel, from the right address. */
  public void onDatagram(List<Message> messages, DecodingContext after, int datagramBytes) {
    long now = env.clock().nanoTime();
    lastReceivedNs = now;
    int from = 0;
    boolean havesToApply = false;
    boolean hashesArrived = false;
    switch (state) {
      case CLOSED:
        return;
      case AWAITING_REPLY:
        if (messages.isEmpty() || !(messages.get(0) instanceof Handshake reply)) {
          return; // nothing but the reply is meaningful before it
        }
        if (reply.isClose()) {
          close(CloseReason.REFUSED, "the peer refused the handshake (swarm unknown or options rejected)", false);
          return;
        }
        remoteId = reply.sourceChannel();
        receiveContext = receiveContext.afterHandshake(reply.options()).withChunkSize(swarm.chunkSize());
        open(now);
        from = 1;
        break;
      case REPLIED:
        open(now);
        break;
      case OPEN:
        break;
    }
    for (int i = from; i < messages.size(); i++) {
      Message m = messages.get(i);
      if (m instanceof Message.AboutChunks a && beyondContent(a)) {
        // Never meaningful, so ignored; what follows only clamps ranges that merely run past the end.
        env.observer().onMisbehaviour(ref, Misbehaviour.OUT_OF_CONTENT, first(a.spec()), last(a.spec()));
        continue;
      }
      if (m instanceof Data d) {
        requester.onData(first(d.spec()), d.timestamp(), d.payload(), pendingIntegrity);
        dataSinceIntegrity = true;
      } else if (m instanceof Integrity in) {
        if (dataSinceIntegrity) {
          // A new run: the two before it stay too, for their DATA that reordering brings after this datagram.
          pendingIntegrity.subList(0, oldestRunSize).clear();
          oldestRunSize = previousRunSize;
          previousRunSize = pendingIntegrity.size() - oldestRunSize;
          dataSinceIntegrity = false;
        }
        long first = first(in.spec());
        long last = last(in.spec());
        // A hash for a range that is no bin of any tree proves nothing: ignore it.
        long bin = first >= 0 && first <= last && last <= Bin.MAX_CHUNK ? Bin.ofChunkRange(first, last) : Bin.NONE;
        if (bin != Bin.NONE && pendingIntegrity.size() - oldestRunSize - previousRunSize < MAX_PENDING_INTEGRITY) {
          pendingIntegrity.add(new BinHash(bin, Hash.of(in.hash().toByteArray())));
          hashesArrived = true;
        }
      } else if (m instanceof Ack a) {
        sender.onAck(first(a.spec()), last(a.spec()), a.delaySampleMicros(), now);
      } else if (m instanceof Have h) {
        requester.onHave(first(h.spec()), last(h.spec()));
        havesToApply = true;
      } else if (m instanceof Request r) {
        onRequest(first(r.spec()), last(r.spec()));
      } else if (m instanceof Cancel c) {
        sender.onCancel(first(c.spec()), last(c.spec()));
      } else if (m instanceof Choke) {
        requester.onChoked(true);
        chokedByRemote.set(true, now);
        env.observer().onChokeChanged(ref, true, true);
      } else if (m instanceof Unchoke) {
        requester.onChoked(false);
        chokedByRemote.set(false, now);
        env.observer().onChokeChanged(ref, false, true);
      } else if (m instanceof Handshake h) {
        if (h.isClose()) {
          close(CloseReason.REMOTE_CLOSED, "", false);
          return;
        }
        // A repeated reply (ours crossed it): nothing to do.
      } else if (m instanceof PexReq || m instanceof PexResV4 || m instanceof PexResV6 || m instanceof PexResCert) {
        env.onPex(this, m);
      }
      // Signed integrity: this peer does no live streaming yet; the message is harmless.
    }
    if (hashesArrived) {
      requester.retryHeld(pendingIntegrity);
      if (state == State.CLOSED) {
        return;
      }
    }
    if (havesToApply) {
      requester.endOfAnnouncements();
      // After the ACKs of this datagram, so each acknowledged chunk gives its delay and round-trip samples.
      for (int i = from; i < messages.size(); i++) {
        if (messages.get(i) instanceof Have h) {
          sender.onRemoteHas(first(h.spec()), last(h.spec()), now);
        }
      }
    }
    sender.pump(now);
    requester.fillRequests(now);
    env.markDirty(this);
  }

  /**
   * A REQUEST, HAVE, ACK, CANCEL or DATA whose chunks all lie past the end of content of known size.
   * INTEGRITY is not judged: uncle hashes of the last chunks do cover bins past the end. A range that only
   * runs past the end (libswift asks for whole bins) is no lie and is clamped where it is used.
   */
  private boolean beyondContent(Message.AboutChunks a) {
    long count = swarm.chunkCount();
    return count >= 0 && !(a instanceof Integrity) && !(a instanceof dev.eddy.peer.wire.SignedIntegrity) && first(a.spec()) >= count;
  }

  private void open(long now) {
    state = State.OPEN;
    ref = new ChannelRef(localId, remoteId, remote, swarm.idHex());
    env.observer().onChannelOpened(ref, negotiated(), now - createdNs, initiator);
    if (swarm.canServe()) {
      announceHeld(now);
    }
    env.onOpened(this);
    if (initiator && pendingControl.isEmpty()) {
      // The responder waits for proof that we got its reply; an empty datagram (a keep-alive) is that proof.
      send(remoteId, List.of());
    }
    env.markDirty(this);
  }

  /** Queues HAVE for every run we hold, and when to announce them again if the remote shows no sign of them. */
  private void announceHeld(long nowNs) {
    swarm.forEachHeldRun((first, last) -> sendContext.cover(first, last).forEach(spec -> pendingControl.add(new Have(spec))));
    announcements++;
    announceAgainNs = announcements < OPENING_ANNOUNCEMENTS ? nowNs + config.handshakeRetryDelayNs(announcements) : 0;
  }

  /**
   * Passes on to the sender the runs of a request that we hold (all of it when seeding); a downloader asked
   * for a chunk it has not verified yet serves the rest and the remote asks another peer for that chunk.
   */
  private void onRequest(long first, long last) {
    lastRequestNs = env.clock().nanoTime();
    announceAgainNs = 0; // the remote knows what we hold, or it would not ask (even while choked)
    if (!swarm.canServe()) {
      return;
    }
    if (sender.choking()) {
      swarm.onRequestRefused(); // RFC 7574 §8.12: a choked peer's requests are not served
      return;
    }
    long end = Math.min(last, swarm.chunkCount() - 1);
    for (long c = swarm.nextHeld(first); c >= 0 && c <= end; c = swarm.nextHeld(c)) {
      long runEnd = Math.min(swarm.nextMissing(c) - 1, end);
      sender.onRequest(c, runEnd);
      c = runEnd + 1;
    }
  }

  /** The remote's options, what its messages decode with (ours are the configuration's). */
  private NegotiatedOptions negotiated() {
    return new NegotiatedOptions(
        1, 1, receiveContext.merkleHashFunction().code(), receiveContext.chunkAddressing().code(), receiveContext.chunkSize());
  }

  // ---- timers -------------------------------------------------------------------------------------------

  /** Called by the peer's timer tick (every few milliseconds). */
  public void onTick(long nowNs) {
    switch (state) {
      case AWAITING_REPLY -> {
        if (nowNs >= nextHandshakeNs) {
          if (handshakeAttempt >= config.handshakeAttempts()) {
            close(CloseReason.HANDSHAKE_TIMEOUT, "no reply to " + handshakeAttempt + " handshakes", false);
          } else {
            sendHandshake();
          }
        }
      }
      case REPLIED -> {
        if (nowNs >= nextHandshakeNs) {
          close(CloseReason.HANDSHAKE_TIMEOUT, "the initiator never completed the handshake", false);
        }
      }
      case OPEN -> {
        long silentNs = nowNs - lastReceivedNs;
        if (silentNs > config.deadPeerNs()
            || (requester.outstanding() > 0 && silentNs > UNANSWERED_REQUEST_TIMEOUTS * config.requestTimeoutNs())) {
          // A peer silent while we wait for chunks restarted or lost its path: closing lets the downloader
          // open a new channel, which a restarted peer answers (it knows nothing of this one).
          close(CloseReason.PEER_TIMEOUT, "nothing received for " + silentNs / 1_000_000 + " ms", true);
          return;
        }
        if (announceAgainNs != 0 && nowNs >= announceAgainNs) {
          if (requester.remoteHasAll()) {
            announceAgainNs = 0; // it wants nothing from us
          } else {
            announceHeld(nowNs);
            env.markDirty(this);
          }
        }
        sender.onTick(nowNs);
        requester.onTick(nowNs);
        if (nowNs - lastSentNs > config.keepAliveNs()) {
          send(remoteId, List.of());
        }
      }
      case CLOSED -> {}
    }
  }

  // ---- sending ------------------------------------------------------------------------------------------

  void send(long destination, List<Message> messages) {
    lastSentNs = env.clock().nanoTime();
    env.send(this, destination, messages);
  }

  /** Sends messages without DATA to the remote, in as many datagrams as the path's payload limit needs. */
  void sendSplit(List<Message> messages) {
    lastSentNs = env.clock().nanoTime();
    env.sendSplit(this, remoteId, messages, config.controlPayloadBytes());
  }

  /** Queues a control message (ACK, HAVE, REQUEST, CANCEL) for the end of the read batch. */
  void queueControl(Message m) {
    pendingControl.add(m);
    env.markDirty(this);
  }

  /** Queues a peer-exchange message (PEX_REQ, PEX_RESv4/v6) for the end of the read batch. */
  public void queueDiscovery(Message m) {
    if (state == State.OPEN) {
      queueControl(m);
    }
  }

  /** End of a read batch: ACKs, HAVEs, CANCELs and REQUESTs leave together, in as few datagrams as fit. */
  public void flushControl() {
    if (state != State.OPEN) {
      pendingControl.clear();
      return;
    }
    requester.flushAcks();
    if (!pendingControl.isEmpty()) {
      sendSplit(List.copyOf(pendingControl));
      pendingControl.clear();
    }
    sender.pump(env.clock().nanoTime());
  }

  /** The socket has room again: send what LEDBAT allows. */
  public void onWritable() {
    if (state == State.OPEN) {
      sender.pump(env.clock().nanoTime());
    }
  }

  // ---- SwarmMember ---------------------------------------------------------------------------------------

  @Override
  public void announce(long firstChunk, long lastChunk) {
    if (state == State.OPEN && !requester.remoteHasAll()) {
      sendContext.cover(firstChunk, lastChunk).forEach(spec -> queueControl(new Have(spec)));
    }
  }

  @Override
  public void cancelIfRequested(long chunk) {
    if (requester.forget(chunk) && state == State.OPEN) {
      queueControl(new Cancel(sendContext.specFor(chunk, chunk)));
    }
  }

  @Override
  public void giveBackRequested(long first, long last) {
    requester.releaseToOthers(first, last);
  }

  @Override
  public boolean downloads() {
    return requester.downloads();
  }

  @Override
  public boolean servesUs() {
    return state == State.OPEN && !requester.choked() && requester.answering();
  }

  @Override
  public BitSet remoteHas() {
    return requester.remoteHas();
  }

  @Override
  public void wakeUp() {
    if (state == State.OPEN) {
      requester.fillRequests(env.clock().nanoTime());
    }
  }

  /** Stops serving this peer's requests (CHOKE, RFC 7574 §8.12) or resumes (UNCHOKE). */
  public void setChoking(boolean choke) {
    if (state != State.OPEN || sender.choking() == choke) {
      return;
    }
    sender.setChoking(choke);
    chokedByUs.set(choke, env.clock().nanoTime());
    queueControl(choke ? new Choke() : new Unchoke());
    env.observer().onChokeChanged(ref, choke, false);
  }

  // ---- closing ------------------------------------------------------------------------------------------

  /**
   * Ends the channel.
   *
   * @param tellRemote send the close handshake (when the remote may still be listening)
   */
  public void close(CloseReason reason, String detail, boolean tellRemote) {
    if (state == State.CLOSED) {
      return;
    }
    if (tellRemote && remoteId != 0) {
      env.send(this, remoteId, List.of(Handshake.close()));
    }
    state = State.CLOSED;
    requester.releaseAll();
    swarm.leave(this);
    env.onClosed(this, reason, detail);
    env.observer().onChannelClosed(ref, reason, detail, totals());
  }

  /** What this channel moved so far, each way, and how long each side was choked. */
  public ChannelTotals totals() {
    long now = env.clock().nanoTime();
    return new ChannelTotals(bytesSent, bytesReceived, chunksSent, chunksReceived, duplicateChunks, chokedByRemote.totalNs(now),
        chokedByUs.totalNs(now), now - createdNs, sender.lossCounters());
  }

  // ---- accounting (called by the sender and requester) --------------------------------------------------

  void countSent(long chunk, int bytes, long nowNs) {
    bytesSent += bytes;
    chunksSent++;
    swarm.onUploaded(chunk, bytes, nowNs);
  }

  void countReceived(int bytes) {
    bytesReceived += bytes;
    chunksReceived++;
  }

  /** A chunk from this peer that we held already (another peer's copy was first, or a retransmission crossed). */
  void countDuplicate() {
    duplicateChunks++;
  }

  /** First chunk of a spec the remote sent (byte ranges count in its chunk size). */
  long first(dev.eddy.peer.wire.ChunkSpec spec) {
    return spec.firstChunk(receiveContext.chunkSize());
  }

  long last(dev.eddy.peer.wire.ChunkSpec spec) {
    return spec.lastChunk(receiveContext.chunkSize());
  }

  // ---- accessors ----------------------------------------------------------------------------------------

  public long localId() {
    return localId;
  }

  public long remoteId() {
    return remoteId;
  }

  public InetSocketAddress remote() {
    return remote;
  }

  public Swarm swarm() {
    return swarm;
  }

  public State state() {
    return state;
  }

  public boolean isInitiator() {
    return initiator;
  }

  /** How the messages we send are encoded (our announced options). */
  public DecodingContext sendContext() {
    return sendContext;
  }

  /** How the remote's datagrams decode (its announced options). */
  public DecodingContext receiveContext() {
    return receiveContext;
  }

  public ChannelRef ref() {
    return ref;
  }

  public ChunkSender sender() {
    return sender;
  }

  public ChunkRequester requester() {
    return requester;
  }

  public long bytesReceived() {
    return bytesReceived;
  }

  /** Payload bytes of DATA sent to the remote so far. */
  public long bytesSent() {
    return bytesSent;
  }

  /** Whether we choke the remote (its requests are not served). */
  public boolean isChoking() {
    return sender.choking();
  }

  /** Whether the remote chokes us (it serves none of our requests). */
  public boolean isChokedByRemote() {
    return requester.choked();
  }

  /** When this channel was created (its handshake began), by the env's clock. */
  public long createdNs() {
    return createdNs;
  }

  /** When the remote last sent a REQUEST, or {@link Long#MIN_VALUE} if it never did. */
  public long lastRequestNs() {
    return lastRequestNs;
  }

  /** Whether the remote announced every chunk (a seeder): it wants nothing from us. */
  @Override
  public boolean remoteHasEverything() {
    return requester.remoteHasAll();
  }

  @Override
  public String toString() {
    return "Channel[" + dev.eddy.peer.wire.Channels.hex(localId) + " " + remote + " " + state + "]";
  }
}
