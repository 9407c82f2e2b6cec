package dev.eddy.peer.live;

import dev.eddy.peer.channel.ChannelConfig;
import dev.eddy.peer.merkle.Bin;
import dev.eddy.peer.time.Clock;
import dev.eddy.peer.transport.DatagramHandler;
import dev.eddy.peer.transport.UdpTransport;
import dev.eddy.peer.wire.Ack;
import dev.eddy.peer.wire.Bytes;
import dev.eddy.peer.wire.Cancel;
import dev.eddy.peer.wire.ChunkAddressing;
import dev.eddy.peer.wire.ChunkSpec;
import dev.eddy.peer.wire.Data;
import dev.eddy.peer.wire.Datagram;
import dev.eddy.peer.wire.DatagramDecoder;
import dev.eddy.peer.wire.DatagramEncoder;
import dev.eddy.peer.wire.DecodeResult;
import dev.eddy.peer.wire.DecodingContext;
import dev.eddy.peer.wire.Handshake;
import dev.eddy.peer.wire.HandshakeOptions;
import dev.eddy.peer.wire.Have;
import dev.eddy.peer.wire.Integrity;
import dev.eddy.peer.wire.MerkleHashFunction;
import dev.eddy.peer.wire.Message;
import dev.eddy.peer.wire.Request;
import dev.eddy.peer.wire.SignedIntegrity;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A peer of one live stream on one UDP socket: the source, or a leecher that joins near the live edge and
 * relays what it verified to the peers that ask. Requests are driven by the receiver (a bounded number of
 * chunks in flight per peer, asked again after a timeout) and served as each channel's LEDBAT window allows
 * ({@link LiveSender}); a chunk goes out as its munro's INTEGRITY and
 * SIGNED_INTEGRITY (left out once the peer holds a chunk of that munro), the uncle hashes from the top
 * down, and the DATA, in one datagram. Everything runs on the transport's event loop.
 */
public final class LiveNode implements AutoCloseable {
  /** Chunks asked of one peer at a time. */
  static final int MAX_IN_FLIGHT = 128;
  /** How far back from the newest chunk a leecher joins; then rounded down to its signed unit. */
  public static final int JOIN_BEHIND_CHUNKS = 32;
  private static final long TICK_MILLIS = 20;
  private static final long REQUEST_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(400);
  private static final long HANDSHAKE_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  private static final long KEEPALIVE_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final long PEER_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final int MAX_DATAGRAM = 65_507;
  /** Channel ID, HANDSHAKE, source channel 0, end option. */
  private static final int CLOSE_LENGTH = 4 + 1 + 4 + 1;

  private final LiveStream stream;
  private final UdpTransport transport;
  private final DecodingContext base;
  private final SecureRandom random = new SecureRandom();
  /** DATA timestamps and the delay samples of ACKs, in microseconds (LEDBAT's input: milliseconds are too coarse). */
  private final Clock clock = Clock.system();
  private final Map<Long, LivePeer> peers = new HashMap<>();
  private final ChunkRanges unannounced = new ChunkRanges();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private final AtomicLong lastNewChunkNanos = new AtomicLong(System.nanoTime());
  private final ScheduledFuture<?> ticker;
  private long lastLagNanos;
  /** Leecher: the newest chunk any peer announced (HAVE); what the lag is measured against. */
  private long announced = -1;
  private long droppedDatagrams;
  private long internalErrors;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LiveNode.class);

  private LiveNode(InetSocketAddress listen, LiveStream stream) {
    this.stream = stream;
    this.base = DecodingContext.DEFAULT
        .withLiveSignatureAlgorithm(stream.key().algorithm())
        .withSignatureLength(stream.key().signatureLength())
        .withChunkSize(stream.chunkSize());
    this.transport = UdpTransport.bind(listen, MAX_DATAGRAM, new Inbound());
    this.ticker = transport.eventLoop().scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Binds {@code listen} and starts serving (and, at a leecher, fetching) {@code stream}. */
  public static LiveNode start(InetSocketAddress listen, LiveStream stream) {
    return new LiveNode(listen, stream);
  }

  public InetSocketAddress localAddress() {
    return transport.localAddress();
  }

  /** Opens a channel to {@code remote}; the handshake is repeated until it answers. */
  public void connect(InetSocketAddress remote) {
    transport.eventLoop().execute(() -> {
      LivePeer peer = newPeer(remote, true);
      sendHandshake(peer);
    });
  }

  /** Source: chunks read from the input, and whether the input ended. Called from any thread. */
  public void publish(List<byte[]> chunks, boolean end) {
    transport.eventLoop().execute(() -> {
      long[] signed = stream.append(chunks, end);
      if (signed != null) {
        unannounced.add(signed[0], signed[1]);
        lastNewChunkNanos.set(System.nanoTime());
        announce();
      }
    });
  }

  /** Nanos (System.nanoTime) when a chunk was last announced to us or verified: the stream's last sign of life. */
  public long lastNewChunkNanos() {
    return lastNewChunkNanos.get();
  }

  /** Runs {@code task} on the event loop and waits for it. */
  public <T> T onLoop(java.util.concurrent.Callable<T> task) {
    try {
      return transport.eventLoop().submit(task).get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException("event loop did not answer: " + e, e);
    }
  }

  /** Completes exceptionally when the output cannot be written. */
  public CompletableFuture<Void> failure() {
    return ended;
  }

  /** Peers with an open channel. */
  public int openPeers() {
    return onLoop(() -> (int) peers.values().stream().filter(p -> p.open).count());
  }

  /** Datagrams dropped: malformed, for no channel of ours, or from the wrong address. */
  public long droppedDatagrams() {
    return onLoop(() -> droppedDatagrams);
  }

  /** Leecher: writes out what is left (skipping what never came) and flushes. */
  public void finish() {
    onLoop(() -> {
      stream.finishOutput();
      return null;
    });
  }

  @Override
  public void close() {
    ticker.cancel(false);
    try {
      onLoop(() -> {
        for (LivePeer p : peers.values()) {
          if (p.remoteChannel != 0) {
            send(p, List.of(Handshake.close()));
          }
        }
        transport.flushNow();
        return null;
      });
    } catch (IllegalStateException ignored) {
      // closing anyway
    }
    transport.close();
  }

  private LivePeer newPeer(InetSocketAddress remote, boolean initiator) {
    long id;
    do {
      id = random.nextInt() & 0xFFFF_FFFFL;
    } while (id == 0 || peers.containsKey(id));
    long now = System.nanoTime();
    LivePeer peer = new LivePeer(remote, id, initiator, base, now, new LiveSender(ChannelConfig.DEFAULT.targetDelayMicros(),
        stream.chunkSize(), ChannelConfig.DEFAULT.maxCwndBytes(), now));
    peers.put(id, peer);
    return peer;
  }

  private HandshakeOptions options(boolean withSwarmId) {
    HandshakeOptions o = HandshakeOptions.NONE.withVersion(1).withMinimumVersion(1);
    if (withSwarmId) {
      o = o.withSwarmId(stream.key().swarmId());
    }
    o = o.withContentIntegrity(stream.integrity().method());
    if (!stream.integrity().signsAll()) {
      o = o.withMerkleHashFunction(MerkleHashFunction.SHA1);
    }
    return o.withLiveSignatureAlgorithm(stream.key().algorithm())
        .withChunkAddressing(ChunkAddressing.CHUNK_RANGES_32)
        .withLiveDiscardWindow(stream.window());
  }

  private void sendHandshake(LivePeer peer) {
    peer.handshakeSentNanos = System.nanoTime();
    peer.handshakesSent++;
    sendTo(peer, 0, List.of(new Handshake(peer.localChannel, options(true))));
  }

  private final class Inbound implements DatagramHandler {
    @Override
    public void onDatagram(ByteBuf datagram, InetSocketAddress sender) {
      if (datagram.readableBytes() < Datagram.HEADER_LENGTH) {
        droppedDatagrams++;
        return;
      }
      long channel = datagram.getUnsignedInt(datagram.readerIndex());
      LivePeer peer = channel == 0 ? null : peers.get(channel);
      if (channel != 0 && (peer == null || !peer.remote.equals(sender))) {
        droppedDatagrams++;
        if (peer == null && datagram.readableBytes() > CLOSE_LENGTH) {
          // A channel we do not know (forgotten, or never ours): say so, as libswift does, so a peer that
          // still counts on it opens a new one instead of asking into the void. Never answer a close.
          sendClose(channel, sender);
        }
        return;
      }
      DecodeResult result = DatagramDecoder.decode(datagram, peer == null ? base : peer.in);
      if (!(result instanceof DecodeResult.Decoded decoded)) {
        droppedDatagrams++;
        return;
      }
      try {
        if (peer == null) {
          onOpening(decoded.datagram(), sender);
        } else {
          peer.in = decoded.context().withSignatureLength(stream.key().signatureLength()).withChunkSize(stream.chunkSize());
          onMessages(peer, decoded.datagram().messages());
        }
      } catch (UncheckedIOException e) {
        ended.completeExceptionally(e.getCause());
      } catch (RuntimeException e) {
        internalError(e);
      }
    }

    @Override
    public void onReadBatchComplete() {
      announce();
      pick();
    }
  }

  /** A datagram on channel 0: a peer opening a channel to this stream, or anything else (dropped). */
  private void onOpening(Datagram datagram, InetSocketAddress sender) {
    if (datagram.messages().isEmpty() || !(datagram.messages().get(0) instanceof Handshake hs) || hs.isClose()
        || !hs.options().swarmId().map(stream.key().swarmId()::equals).orElse(false)) {
      droppedDatagrams++;
      return;
    }
    for (LivePeer p : peers.values()) {
      if (p.remote.equals(sender) && p.remoteChannel == hs.sourceChannel()) {
        send(p, List.of(new Handshake(p.localChannel, options(false)))); // our reply was lost: again
        return;
      }
    }
    LivePeer peer = newPeer(sender, false);
    peer.remoteChannel = hs.sourceChannel();
    peer.in = base.afterHandshake(hs.options()).withSignatureLength(stream.key().signatureLength()).withChunkSize(stream.chunkSize());
    peer.open = true;
    List<Message> reply = new ArrayList<>();
    reply.add(new Handshake(peer.localChannel, options(false)));
    haves(reply);
    send(peer, reply);
    // Secure tune-in (RFC 7574 §6.1.2.4): the right-most signed munro, not in the handshake's own datagram.
    List<Message> munro = new ArrayList<>();
    newestMunro(peer, munro);
    if (!munro.isEmpty()) {
      send(peer, munro);
    }
  }

  /**
   * Unified Merkle tree: the newest signed munro (INTEGRITY with its hash, then SIGNED_INTEGRITY) unless the
   * peer holds a chunk of it; libswift leechers pick their tune-in point from it, not from HAVEs.
   */
  private void newestMunro(LivePeer peer, List<Message> into) {
    if (stream.integrity().signsAll() || stream.newest() < 0) {
      return;
    }
    SignedUnit unit = stream.unit(stream.integrity().unitOf(stream.newest()));
    if (unit != null && unit.munroHash() != null && !peer.unitsKnown.contains(unit.bin)) {
      into.add(new Integrity(rangeOf(unit.bin), Bytes.of(unit.munroHash())));
      into.add(new SignedIntegrity(rangeOf(unit.bin), unit.timestamp, Bytes.of(unit.signature)));
    }
  }

  /** HAVE for every run we hold in the window. */
  private void haves(List<Message> into) {
    long first = -1;
    for (long c = stream.windowStart(); c <= stream.newest() + 1; c++) {
      boolean held = c <= stream.newest() && stream.holds(c);
      if (held && first < 0) {
        first = c;
      } else if (!held && first >= 0) {
        into.add(new Have(new ChunkSpec.ChunkRange(first, c - 1)));
        first = -1;
      }
    }
  }

  private void onMessages(LivePeer peer, List<Message> messages) {
    peer.lastHeardNanos = System.nanoTime();
    List<Integrity> integrity = new ArrayList<>();
    SignedIntegrity signed = null;
    List<Message> acks = new ArrayList<>();
    for (Message m : messages) {
      if (m instanceof Handshake hs) {
        if (hs.isClose()) {
          if (peer.initiator) {
            restart(peer); // we chose this peer: open a new channel, it may have restarted or forgotten ours
          } else {
            peers.remove(peer.localChannel);
          }
          return;
        }
        if (!peer.open) {
          peer.remoteChannel = hs.sourceChannel();
          peer.open = true;
          List<Message> first = new ArrayList<>();
          newestMunro(peer, first);
          haves(first);
          send(peer, first); // the third datagram: it also confirms we listen
        }
      } else if (m instanceof Have have) {
        onHave(peer, first(have.spec()), last(have.spec()));
      } else if (m instanceof Ack ack) {
        long f = first(ack.spec());
        long l = last(ack.spec());
        peer.sender.acked(f, l, ack.delaySampleMicros(), System.nanoTime());
        peer.remoteHas.add(f, l);
        for (long c = f; c <= l && c - f < 1 << 16; c++) {
          peer.unitsKnown.add(stream.integrity().unitOf(c));
        }
      } else if (m instanceof Request request) {
        serve(peer, first(request.spec()), last(request.spec()));
      } else if (m instanceof Cancel cancel) {
        peer.sender.cancel(first(cancel.spec()), last(cancel.spec()));
      } else if (m instanceof Integrity i) {
        integrity.add(i);
      } else if (m instanceof SignedIntegrity s) {
        signed = s;
      } else if (m instanceof Data data) {
        long chunk = first(data.spec());
        if (onData(peer, chunk, data, integrity, signed)) {
          acks.add(new Ack(new ChunkSpec.ChunkRange(chunk, chunk), clock.epochMicros() - data.timestamp()));
        }
        integrity.clear();
        signed = null;
      }
    }
    if (!acks.isEmpty()) {
      send(peer, acks);
    }
    pump(peer); // ACKs freed some of the window
  }

  private long first(ChunkSpec spec) {
    return spec.firstChunk(stream.chunkSize());
  }

  private long last(ChunkSpec spec) {
    return spec.lastChunk(stream.chunkSize());
  }

  private void onHave(LivePeer peer, long first, long last) {
    if (last < first || last - first > Integer.MAX_VALUE) {
      return;
    }
    peer.remoteHas.add(first, last);
    if (!stream.isSource() && last > announced) {
      LiveOutput out = stream.output();
      if (!out.started()) {
        // Join near the live edge, at the start of a signed unit, no earlier than this peer still holds.
        long start = Math.max(peer.remoteHas.firstFrom(Math.max(0, last + 1 - JOIN_BEHIND_CHUNKS)), 0);
        long unitStart = Bin.firstChunk(stream.integrity().unitOf(start));
        out.startAt(peer.remoteHas.contains(unitStart) ? unitStart : start);
      }
      lastNewChunkNanos.set(System.nanoTime());
      // A HAVE is only a claim: it says what to ask for, but the window moves on verified chunks alone, so a
      // peer announcing chunks far ahead cannot make us skip the stream.
      announced = last;
    }
  }

  /** A REQUEST: the chunks of the range in the window join the channel's queue, sent as LEDBAT lets them. */
  private void serve(LivePeer peer, long first, long last) {
    if (!peer.open) {
      return;
    }
    peer.sender.request(Math.max(first, stream.windowStart()), Math.min(last, stream.newest()));
    pump(peer);
  }

  /** Sends what the channel's congestion window allows of the chunks requested. */
  private void pump(LivePeer peer) {
    for (long c; peer.open && (c = peer.sender.poll()) >= 0; ) {
      int bytes = sendChunk(peer, c);
      if (bytes > 0) {
        peer.sender.sent(c, bytes, System.nanoTime());
      }
    }
  }

  /**
   * One chunk with its proof, in one datagram.
   *
   * @return the datagram's bytes, or 0 when the chunk is not (or no longer) held: the requester asks elsewhere or skips it
   */
  private int sendChunk(LivePeer peer, long c) {
    byte[] chunk = c < stream.windowStart() ? null : stream.chunk(c);
    SignedUnit unit = chunk == null ? null : stream.unit(stream.integrity().unitOf(c));
    if (unit == null) {
      return 0;
    }
    List<Message> out = new ArrayList<>();
    long bin = unit.bin;
    if (stream.integrity().signsAll()) {
      out.add(new SignedIntegrity(new ChunkSpec.ChunkRange(c, c), unit.timestamp, Bytes.of(unit.signature)));
    } else {
      if (!peer.unitsKnown.contains(bin)) {
        out.add(new Integrity(rangeOf(bin), Bytes.of(unit.munroHash())));
        out.add(new SignedIntegrity(rangeOf(bin), unit.timestamp, Bytes.of(unit.signature)));
      }
      List<Integrity> uncles = new ArrayList<>();
      for (long node = Bin.ofChunk(c); node != bin; node = Bin.parent(node)) {
        uncles.add(new Integrity(rangeOf(Bin.sibling(node)), Bytes.of(unit.hashes.get(Bin.sibling(node)))));
      }
      for (int i = uncles.size() - 1; i >= 0; i--) {
        out.add(uncles.get(i)); // from the top of the tree down
      }
    }
    out.add(new Data(new ChunkSpec.ChunkRange(c, c), clock.epochMicros(), Unpooled.wrappedBuffer(chunk)));
    return send(peer, out);
  }

  private static ChunkSpec rangeOf(long bin) {
    return new ChunkSpec.ChunkRange(Bin.firstChunk(bin), Bin.lastChunk(bin));
  }

  /**
   * A DATA with the INTEGRITY and SIGNED_INTEGRITY before it: verified against a trusted (signed) unit
   * before anything is kept. A bad signature or hash is an integrity failure, counted and dropped.
   *
   * @return whether to acknowledge it (verified now or held already)
   */
  private boolean onData(LivePeer peer, long chunk, Data data, List<Integrity> integrity, SignedIntegrity signed) {
    peer.inFlight.remove(chunk);
    if (stream.isSource() || stream.holds(chunk)) {
      return stream.holds(chunk);
    }
    if (chunk < stream.windowStart() || data.payload().readableBytes() > stream.chunkSize()) {
      return false;
    }
    byte[] bytes = new byte[data.payload().readableBytes()];
    data.payload().getBytes(data.payload().readerIndex(), bytes);
    LiveIntegrity method = stream.integrity();
    long unitBin = method.unitOf(chunk);
    SignedUnit unit = stream.unit(unitBin);
    if (method.signsAll()) {
      if (signed == null || first(signed.spec()) != chunk || last(signed.spec()) != chunk) {
        return false; // unprovable: asked again later
      }
      byte[] signature = signed.signature().toByteArray();
      if (!verifySignature(peer, unitBin, signed.timestamp(), bytes, signature)) {
        return false;
      }
      unit = new SignedUnit(unitBin, signed.timestamp(), signature);
      stream.trust(unit);
    } else {
      Map<Long, byte[]> given = new HashMap<>();
      for (Integrity i : integrity) {
        long f = first(i.spec());
        long l = last(i.spec());
        long bin = Bin.ofChunkRange(f, l);
        if (bin != Bin.NONE && Bin.contains(unitBin, bin)) {
          given.put(bin, i.hash().toByteArray());
        }
      }
      if (unit == null) {
        byte[] munro = given.get(unitBin);
        if (signed == null || munro == null || first(signed.spec()) != Bin.firstChunk(unitBin)
            || last(signed.spec()) != Bin.lastChunk(unitBin)) {
          return false; // the munro's signature did not come with it: asked again later
        }
        if (!verifySignature(peer, unitBin, signed.timestamp(), munro, signed.signature().toByteArray())) {
          return false;
        }
        unit = new SignedUnit(unitBin, signed.timestamp(), signed.signature().toByteArray());
        unit.hashes.put(unitBin, munro);
        stream.trust(unit);
      }
      Map<Long, byte[]> path = new HashMap<>();
      byte[] hash = LiveIntegrity.leafHash(bytes);
      long node = Bin.ofChunk(chunk);
      path.put(node, hash);
      while (node != unitBin) {
        long sibling = Bin.sibling(node);
        byte[] uncle = unit.hashes.containsKey(sibling) ? unit.hashes.get(sibling) : given.get(sibling);
        if (uncle == null) {
          return false; // an uncle is missing: asked again later
        }
        path.put(sibling, uncle);
        hash = Bin.isLeft(node) ? LiveIntegrity.parentHash(hash, uncle) : LiveIntegrity.parentHash(uncle, hash);
        node = Bin.parent(node);
        path.put(node, hash);
      }
      if (!java.util.Arrays.equals(hash, unit.munroHash())) {
        refuse(peer, chunk, chunk);
        stream.countIntegrityFailure();
        LiveEvents.signature(false, peer.remote, stream.key(), unitBin, "chunk " + chunk + " does not hash to the signed munro");
        return false;
      }
      unit.hashes.putAll(path);
    }
    stream.store(chunk, bytes);
    stream.advance(chunk);
    lastNewChunkNanos.set(System.nanoTime());
    stream.drainOutput(stream.windowStart());
    unannounced.add(chunk, chunk);
    return true;
  }

  /**
   * {@code first..last} from this peer failed verification: not asked of it again, and what is still asked is
   * cancelled, so its sender does not spend its congestion window on chunks we would drop again.
   */
  private void refuse(LivePeer peer, long first, long last) {
    if (peer.refused.contains(first) && peer.refused.contains(last)) {
      return;
    }
    peer.refused.add(first, last);
    peer.inFlight.keySet().removeIf(c -> c >= first && c <= last);
    send(peer, List.of(new Cancel(new ChunkSpec.ChunkRange(first, last))));
  }

  private boolean verifySignature(LivePeer peer, long unit, long timestamp, byte[] hashOrChunk, byte[] signature) {
    if (stream.rejected(unit, signature)) {
      refuse(peer, Bin.firstChunk(unit), Bin.lastChunk(unit));
      return false; // checked and failed before: verifying it again for every chunk asked would eat the loop
    }
    LiveIntegrity method = stream.integrity();
    SwarmKey key = stream.key();
    boolean ok = key.verifies(method.plaintext(unit, timestamp, hashOrChunk, false), signature)
        || !method.signsAll() && key.verifies(method.plaintext(unit, timestamp, hashOrChunk, true), signature);
    stream.countSignature(ok);
    if (!ok) {
      refuse(peer, Bin.firstChunk(unit), Bin.lastChunk(unit));
      stream.countIntegrityFailure();
      stream.reject(unit, signature);
    }
    LiveEvents.signature(ok, peer.remote, key, unit, ok ? null : "signature does not verify under the swarm's public key");
    return ok;
  }

  /** HAVE for what became available since the last call, to every open channel. */
  private void announce() {
    long last = unannounced.last();
    if (last < 0) {
      return;
    }
    List<long[]> runs = new ArrayList<>();
    for (long c = unannounced.firstFrom(0); c >= 0; ) {
      long end = c;
      while (unannounced.contains(end + 1)) {
        end++;
      }
      runs.add(new long[] {c, end});
      c = end + 1 > last ? -1 : unannounced.firstFrom(end + 1);
    }
    unannounced.discardBefore(last + 1);
    for (LivePeer p : peers.values()) {
      if (p.open) {
        List<Message> haves = new ArrayList<>();
        newestMunro(p, haves);
        for (long[] r : runs) {
          haves.add(new Have(new ChunkSpec.ChunkRange(r[0], r[1])));
        }
        send(p, haves);
      }
    }
  }

  /** Leecher: asks for the next chunks the output needs, from peers that have them. */
  private void pick() {
    LiveOutput out = stream.output();
    if (out == null || !out.started()) {
      return;
    }
    // Ask for what the window will hold once the announced chunks are in, not just what it holds now: a gap
    // nobody can fill (a bad signature) must not keep the window, and so the requests, short of the edge.
    long to = announced;
    long from = Math.max(Math.max(out.next(), stream.windowStart()), to + 1 - stream.window());
    Map<LivePeer, long[]> asks = new HashMap<>();
    int missing = 0; // a gap nobody can fill (a bad signature) must not stop the chunks after it
    for (long c = from; c <= to && missing < 4 * MAX_IN_FLIGHT; c++) {
      if (stream.holds(c)) {
        continue;
      }
      missing++;
      if (inFlightAnywhere(c)) {
        continue;
      }
      for (LivePeer p : peers.values()) {
        if (p.open && p.inFlight.size() < MAX_IN_FLIGHT && p.remoteHas.contains(c) && !p.refused.contains(c)) {
          p.inFlight.put(c, System.nanoTime());
          long[] run = asks.get(p);
          if (run != null && run[1] == c - 1) {
            run[1] = c;
          } else {
            if (run != null) {
              send(p, List.of(new Request(new ChunkSpec.ChunkRange(run[0], run[1]))));
            }
            asks.put(p, new long[] {c, c});
          }
          break;
        }
      }
    }
    asks.forEach((p, run) -> send(p, List.of(new Request(new ChunkSpec.ChunkRange(run[0], run[1])))));
  }

  private boolean inFlightAnywhere(long chunk) {
    for (LivePeer p : peers.values()) {
      if (p.inFlight.containsKey(chunk)) {
        return true;
      }
    }
    return false;
  }

  private void restart(LivePeer peer) {
    peer.open = false;
    peer.remoteChannel = 0;
    peer.inFlight.clear();
    peer.sender.clear();
    peer.unitsKnown.clear();
    sendHandshake(peer);
  }

  private void sendClose(long channel, InetSocketAddress to) {
    Datagram close = new Datagram(channel, List.of(Handshake.close()));
    ByteBuf buf = transport.allocator().directBuffer(DatagramEncoder.encodedLength(close, base));
    DatagramEncoder.encode(close, base, buf);
    transport.send(buf, to);
  }

  private void tick() {
    long now = System.nanoTime();
    try {
      for (Iterator<LivePeer> it = peers.values().iterator(); it.hasNext(); ) {
        LivePeer p = it.next();
        if (!p.open) {
          if (p.initiator && now - p.handshakeSentNanos > HANDSHAKE_RETRY_NANOS) {
            sendHandshake(p);
          }
          continue;
        }
        if (now - p.lastHeardNanos > PEER_TIMEOUT_NANOS) {
          if (p.initiator) {
            restart(p); // silent for too long: start over, it may come back
          } else {
            it.remove();
          }
          continue;
        }
        p.inFlight.values().removeIf(asked -> now - asked > REQUEST_TIMEOUT_NANOS);
        p.sender.forgetBefore(stream.windowStart());
        p.sender.expire(now);
        pump(p);
        p.remoteHas.discardBefore(stream.windowStart()); // what the window passed is bounded like the window
        p.refused.discardBefore(stream.windowStart());
        p.unitsKnown.removeIf(unit -> Bin.lastChunk(unit) < stream.windowStart());
        if (now - p.lastSentNanos > KEEPALIVE_NANOS) {
          send(p, List.of());
        }
      }
      if (stream.isSource()) {
        return;
      }
      stream.drainOutput(stream.windowStart());
      stream.output().flush();
      pick();
      if (now - lastLagNanos >= TimeUnit.SECONDS.toNanos(1) && stream.output().started()) {
        lastLagNanos = now;
        LiveEvents.lag(stream.key().hex(), Math.max(announced, stream.newest()), stream.output().next(), stream.chunkSize());
      }
    } catch (IOException | UncheckedIOException e) {
      ended.completeExceptionally(e instanceof UncheckedIOException u ? u.getCause() : e);
    } catch (RuntimeException e) {
      internalError(e); // a periodic task that throws is never run again: keep the tick alive
    }
  }

  /** A bug of ours met on the event loop: logged, counted, and the loop carries on. */
  private void internalError(RuntimeException e) {
    internalErrors++;
    LOG.error("live: internal error on the event loop", e);
  }

  private int send(LivePeer peer, List<Message> messages) {
    return sendTo(peer, peer.remoteChannel, messages);
  }

  /** Returns the datagram's bytes. */
  private int sendTo(LivePeer peer, long channel, List<Message> messages) {
    Datagram d = new Datagram(channel, messages);
    int bytes = DatagramEncoder.encodedLength(d, peer.out);
    ByteBuf buf = transport.allocator().directBuffer(bytes);
    DatagramEncoder.encode(d, peer.out, buf);
    transport.send(buf, peer.remote);
    peer.lastSentNanos = System.nanoTime();
    return bytes;
  }
}
