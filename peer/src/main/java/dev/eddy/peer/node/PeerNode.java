package dev.eddy.peer.node;

import dev.eddy.peer.channel.Channel;
import dev.eddy.peer.channel.ChannelConfig;
import dev.eddy.peer.channel.ChannelEnv;
import dev.eddy.peer.choking.ChokePolicy;
import dev.eddy.peer.choking.Choker;
import dev.eddy.peer.discovery.PeerDirectory;
import dev.eddy.peer.discovery.PeerExchange;
import dev.eddy.peer.discovery.PexStats;
import dev.eddy.peer.observe.ChannelRef;
import dev.eddy.peer.observe.CloseReason;
import dev.eddy.peer.observe.CongestionStats;
import dev.eddy.peer.observe.DropReason;
import dev.eddy.peer.observe.PeerObserver;
import dev.eddy.peer.observe.PeerStats;
import dev.eddy.peer.observe.PeerStatsSource;
import dev.eddy.peer.observe.SwarmStats;
import dev.eddy.peer.swarm.Swarm;
import dev.eddy.peer.time.Clock;
import dev.eddy.peer.transport.DatagramHandler;
import dev.eddy.peer.transport.UdpTransport;
import dev.eddy.peer.wire.Data;
import dev.eddy.peer.wire.Datagram;
import dev.eddy.peer.wire.DatagramDecoder;
import dev.eddy.peer.wire.DatagramEncoder;
import dev.eddy.peer.wire.DecodeResult;
import dev.eddy.peer.wire.DecodingContext;
import dev.eddy.peer.wire.Handshake;
import dev.eddy.peer.wire.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.collection.LongObjectHashMap;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running peer: one UDP socket, the swarms it takes part in, and every channel, demultiplexed by our
 * (random) channel ID and checked against the sender's address. Datagrams that reach no channel are
 * dropped and reported with a reason. Everything runs on the socket's event loop, timers included (one
 * tick for all channels); public methods hop onto it.
 */
public final class PeerNode implements AutoCloseable, PeerStatsSource {
  private static final Logger LOG = LoggerFactory.getLogger(PeerNode.class);
  /** Timer period while any channel exists: loss recovery's probe timeout is as short as 2 ms. */
  private static final long TICK_MS = 1;
  /** With no channel, a seeder waiting for peers wakes up rarely. */
  private static final long IDLE_TICK_MS = 25;

  private final ChannelConfig config;
  private final PeerObserver observer;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Swarm> swarms = new HashMap<>();
  /** By local channel ID, unboxed: looked up for every datagram received. */
  private final LongObjectHashMap<Channel> channels = new LongObjectHashMap<>();
  private final Set<Channel> dirty = new LinkedHashSet<>();
  /**
   * Channels we answered whose initiator has not yet proven its address (state REPLIED), oldest first. A
   * flood of handshakes from spoofed addresses evicts the oldest of its own source address first, then the
   * oldest of all, instead of growing without bound; an honest initiator elsewhere confirms within a round trip.
   */
  private final ArrayDeque<Channel> unconfirmed = new ArrayDeque<>();
  static final int MAX_UNCONFIRMED = 1024;
  static final int MAX_UNCONFIRMED_PER_ADDRESS = 8;
  /** The channels remotes opened, to recognise a repeated opening handshake without a walk through all channels. */
  private final Map<Opening, Channel> accepted = new HashMap<>();
  private final Env env = new Env();
  private UdpTransport transport;
  private ScheduledFuture<?> ticker;
  /** Set on the loop when closing: no further tick is scheduled. */
  private boolean stopping;
  private final int defaultChunkSize;
  private UploadLimiter uploadLimiter;
  /** Which channel goes first in the next pass over all of them (see {@link #inTurn}). */
  private long sendTurn;
  private final PeerExchange exchange;
  private final Choker choker = new Choker(this::channelsOf, random);

  // Sampling state for rates (sampled from one thread at a time through the event loop).
  private long lastSampleNs;
  private final Map<String, long[]> lastBytes = new HashMap<>();

  private PeerNode(ChannelConfig config, PeerObserver observer, Clock clock, int defaultChunkSize) {
    this.config = config;
    this.observer = observer;
    this.clock = clock;
    this.defaultChunkSize = defaultChunkSize;
    this.exchange = new PeerExchange(new Directory(), random, observer);
  }

  /**
   * Binds the socket and starts the timers.
   *
   * @param maxChunkSize the largest chunk size of any swarm this peer will download (sizes receive buffers)
   * @param swarms swarms to serve from the first datagram on: registered before the socket is bound, so a
   *     handshake already waiting for this port (a downloader started first) is not refused as unknown
   */
  public static PeerNode start(
      InetSocketAddress listen, ChannelConfig config, PeerObserver observer, Clock clock, int maxChunkSize, List<Swarm> swarms) {
    PeerNode node = new PeerNode(config, observer, clock, maxChunkSize);
    swarms.forEach(swarm -> node.swarms.put(swarm.idHex(), swarm));
    node.transport = UdpTransport.bind(listen, maxDatagramBytes(maxChunkSize), node.new Inbound());
    node.onLoop(node::scheduleTick);
    observer.onPeerStarted(node);
    return node;
  }

  /** DATA plus the INTEGRITY hashes before it: a 64-level tree of 64-byte hashes fits in 8 KiB. */
  static int maxDatagramBytes(int chunkSize) {
    return Math.max(2048, chunkSize + 8192);
  }

  public InetSocketAddress localAddress() {
    return transport.localAddress();
  }

  public boolean usesNativeEpoll() {
    return transport.usesNativeEpoll();
  }

  /** Caps what this peer sends, over all channels and swarms, at {@code bytesPerSecond}. */
  public void limitUpload(long bytesPerSecond) {
    onLoop(() -> uploadLimiter = new UploadLimiter(bytesPerSecond, clock.nanoTime()));
  }

  /** Sets the upload slots of every swarm (see {@link Choker}); the default is {@link ChokePolicy#DEFAULT}. */
  public void setChokePolicy(ChokePolicy policy) {
    onLoop(() -> choker.setPolicy(policy));
  }

  /** Opens at most {@code maxPeers} channels per swarm for peers learned through peer exchange. */
  public void limitPeers(int maxPeers) {
    onLoop(() -> exchange.setMaxPeers(maxPeers));
  }

  /** Peer exchange so far (peers learned, offers dropped by reason). */
  public PexStats pexStats() {
    List<PexStats> one = onLoopAndWait(() -> List.of(exchange.stats()));
    return one.isEmpty() ? new PexStats(0, Map.of(), 0) : one.get(0);
  }

  /**
   * Opens a channel to a tracker (libswift's {@code -t}): a peer that knows the swarm and hands out others through
   * PEX. Its PEX steps are reported as tracker contacts.
   */
  public void connectTracker(Swarm swarm, InetSocketAddress tracker) {
    onLoop(() -> exchange.addTracker(tracker));
    connect(swarm, tracker);
  }

  /** Opens a channel to {@code remote} for {@code swarm} (the handshake retries with backoff). */
  public void connect(Swarm swarm, InetSocketAddress remote) {
    onLoop(() -> {
      Channel ch = Channel.initiate(env, config, swarm, newChannelId(), remote);
      channels.put(ch.localId(), ch);
      flushDirty();
    });
  }

  /** Runs {@code task} on the peer's event loop (all swarm and channel state lives there). */
  public void onLoop(Runnable task) {
    if (transport.eventLoop().inEventLoop()) {
      task.run();
    } else {
      transport.eventLoop().execute(task);
    }
  }

  private long newChannelId() {
    long id;
    do {
      id = random.nextInt() & 0xFFFF_FFFFL; // unpredictable (RFC 7574 §12.1), never 0, never in use
    } while (id == 0 || channels.containsKey(id));
    return id;
  }

  // ---- receiving ----------------------------------------------------------------------------------------

  private final class Inbound implements DatagramHandler {
    @Override
    public void onDatagram(ByteBuf datagram, InetSocketAddress sender) {
      try {
        dispatch(datagram, sender);
      } catch (RuntimeException e) {
        // A bug must not kill the loop; the datagram is counted as dropped with the reason.
        LOG.warn("datagram from {} failed: {}", sender, e.toString(), e);
        observer.onDatagramDropped(DropReason.MALFORMED, "internal error: " + e, sender, datagram.readableBytes());
      }
    }

    @Override
    public void onReadBatchComplete() {
      observer.onReadBatchComplete();
      announceVerified();
      flushDirty();
      for (Channel ch : inTurn()) {
        ch.onWritable();
      }
    }
  }

  private void dispatch(ByteBuf buf, InetSocketAddress sender) {
    int bytes = buf.readableBytes();
    if (bytes < Datagram.HEADER_LENGTH) {
      observer.onDatagramDropped(DropReason.MALFORMED, "shorter than a channel ID", sender, bytes);
      return;
    }
    long destination = buf.getUnsignedInt(buf.readerIndex());
    if (destination == 0) {
      onOpening(buf, sender, bytes);
      return;
    }
    Channel ch = channels.get(destination);
    if (ch == null) {
      observer.onDatagramDropped(DropReason.UNKNOWN_CHANNEL, "no channel " + dev.eddy.peer.wire.Channels.hex(destination), sender, bytes);
      return;
    }
    if (!ch.remote().equals(sender)) {
      observer.onDatagramDropped(DropReason.WRONG_SOURCE_ADDRESS, "channel belongs to " + ch.remote(), sender, bytes);
      return;
    }
    DecodeResult result = DatagramDecoder.decode(buf, ch.receiveContext());
    if (result instanceof DecodeResult.Decoded d) {
      observeReceived(ch.ref(), d.datagram().messages(), ch.receiveContext(), bytes);
      ch.onDatagram(d.datagram().messages(), d.context(), bytes);
    } else if (result instanceof DecodeResult.Malformed m) {
      observer.onDatagramDropped(DropReason.MALFORMED, m.error().toString(), sender, bytes);
    } else {
      observer.onDatagramDropped(DropReason.LEGACY_FORMAT, "pre-PPSPP handshake on channel " + dev.eddy.peer.wire.Channels.hex(destination), sender, bytes);
    }
  }

  /** A datagram for channel 0: an opening handshake (or libswift's legacy one). */
  private void onOpening(ByteBuf buf, InetSocketAddress sender, int bytes) {
    DecodingContext base = DecodingContext.DEFAULT.withChunkSize(defaultChunkSize);
    DecodeResult result = DatagramDecoder.decode(buf, base);
    if (result instanceof DecodeResult.Legacy) {
      observer.onDatagramDropped(DropReason.LEGACY_FORMAT, "pre-PPSPP handshake (libswift fallback)", sender, bytes);
      return;
    }
    if (result instanceof DecodeResult.Malformed m) {
      observer.onDatagramDropped(DropReason.MALFORMED, m.error().toString(), sender, bytes);
      return;
    }
    DecodeResult.Decoded decoded = (DecodeResult.Decoded) result;
    List<Message> messages = decoded.datagram().messages();
    if (messages.isEmpty() || !(messages.get(0) instanceof Handshake opening) || opening.isClose()) {
      observer.onDatagramDropped(DropReason.MALFORMED, "datagram for channel 0 without an opening handshake", sender, bytes);
      return;
    }
    String swarmHex = opening.options().swarmId().map(dev.eddy.peer.wire.Bytes::hex).orElse("");
    observeReceived(new ChannelRef(0, opening.sourceChannel(), sender, swarmHex), messages, base, bytes);
    Channel existing = findAccepted(sender, opening.sourceChannel());
    if (existing != null) {
      existing.onRepeatedOpening(); // our reply was lost: send it again, nothing more
      flushDirty();
      return;
    }
    Swarm swarm = swarms.get(swarmHex);
    String refusal = swarm == null ? "unknown swarm " + (swarmHex.isEmpty() ? "(no swarm ID)" : swarmHex) : HandshakePolicy.refusal(opening.options(), swarm);
    if (refusal != null) {
      LOG.info("refused handshake from {}: {}", sender, refusal);
      observer.onDatagramDropped(DropReason.HANDSHAKE_REFUSED, refusal, sender, bytes);
      // The close is itself a handshake reply, as small as what it answers: no amplification.
      sendRaw(new ChannelRef(0, opening.sourceChannel(), sender, swarmHex), sender,
          new Datagram(opening.sourceChannel(), List.of(Handshake.close())), base);
      transport.flushNow();
      return;
    }
    DecodingContext remoteContext = Channel.baseContextFor(swarm).afterHandshake(opening.options()).withChunkSize(swarm.chunkSize());
    evictUnconfirmed(sender);
    Channel ch = Channel.accept(env, config, swarm, newChannelId(), sender, opening, remoteContext);
    channels.put(ch.localId(), ch);
    accepted.put(new Opening(sender, opening.sourceChannel()), ch);
    unconfirmed.add(ch);
  }

  /** Makes room for one more unconfirmed channel from {@code sender}: evicts the oldest of its address, or of all. */
  private void evictUnconfirmed(InetSocketAddress sender) {
    Channel oldestHere = null;
    int here = 0;
    for (Channel ch : unconfirmed) {
      if (ch.remote().getAddress().equals(sender.getAddress())) {
        oldestHere = oldestHere == null ? ch : oldestHere;
        here++;
      }
    }
    Channel victim = here >= MAX_UNCONFIRMED_PER_ADDRESS ? oldestHere : unconfirmed.size() >= MAX_UNCONFIRMED ? unconfirmed.peekFirst() : null;
    if (victim != null) {
      victim.close(CloseReason.HANDSHAKE_TIMEOUT, "evicted: too many handshakes from unconfirmed addresses pending", false);
    }
  }

  private Channel findAccepted(InetSocketAddress sender, long remoteChannel) {
    return accepted.get(new Opening(sender, remoteChannel));
  }

  /** What identifies a channel a remote opened: its address and its channel ID. */
  private record Opening(InetSocketAddress remote, long remoteChannel) {}

  private void observeReceived(ChannelRef ref, List<Message> messages, DecodingContext context, int bytes) {
    if (!observer.observesMessages()) {
      return;
    }
    for (Message m : messages) {
      observeOne(ref, m, context, bytes, true);
    }
  }

  private void observeOne(ChannelRef ref, Message m, DecodingContext context, int bytes, boolean received) {
    long first = -1;
    long last = -1;
    if (m instanceof Message.AboutChunks a) {
      first = a.spec().firstChunk(context.chunkSize());
      last = a.spec().lastChunk(context.chunkSize());
    }
    if (received) {
      observer.onMessageReceived(ref, m.type().name(), first, last, bytes);
    } else {
      observer.onMessageSent(ref, m.type().name(), first, last, bytes);
    }
  }

  // ---- sending ------------------------------------------------------------------------------------------

  private void sendRaw(ChannelRef ref, InetSocketAddress to, Datagram datagram, DecodingContext context) {
    int length = DatagramEncoder.encodedLength(datagram, context);
    ByteBuf out = transport.allocator().directBuffer(length);
    try {
      DatagramEncoder.encode(datagram, context, out);
    } catch (RuntimeException e) {
      out.release();
      throw e;
    } finally {
      List<Message> messages = datagram.messages();
      for (int i = 0; i < messages.size(); i++) { // indexed: no iterator per datagram sent
        if (messages.get(i) instanceof Data d) {
          d.payload().release();
        }
      }
    }
    if (observer.observesMessages()) {
      if (datagram.messages().isEmpty()) {
        observer.onMessageSent(ref, "KEEPALIVE", -1, -1, length);
      }
      for (Message m : datagram.messages()) {
        observeOne(ref, m, context, length, false);
      }
    }
    if (uploadLimiter != null) {
      uploadLimiter.onSent(length);
    }
    transport.send(out, to);
  }

  private void flushDirty() {
    if (dirty.isEmpty()) {
      return;
    }
    List<Channel> todo = new ArrayList<>(dirty);
    dirty.clear();
    for (Channel ch : todo) {
      ch.flushControl();
    }
  }

  private void scheduleTick() {
    if (!stopping) {
      ticker = transport.eventLoop().schedule(this::tick, channels.isEmpty() ? IDLE_TICK_MS : TICK_MS, TimeUnit.MILLISECONDS);
    }
  }

  private void tick() {
    scheduleTick();
    long now = clock.nanoTime();
    for (Channel ch : inTurn()) {
      ch.onTick(now);
    }
    exchange.onTick(now, swarms.values());
    choker.onTick(now, swarms.values());
    for (Swarm s : swarms.values()) {
      s.onTick(now);
    }
    announceVerified();
    flushDirty();
  }

  /**
   * The channels, each pass starting one later: a capped upload or a full socket buffer is then shared among them
   * instead of going to whichever channel the map happens to list first (which left other leechers nothing to
   * trade in a swarm behind a slow seeder).
   */
  private List<Channel> inTurn() {
    List<Channel> all = new ArrayList<>(channels.values());
    if (all.size() > 1) {
      Collections.rotate(all, -(int) (sendTurn++ % all.size()));
    }
    return all;
  }

  /** HAVE for the chunks verified in this read batch or tick, one per run, to every channel of their swarm. */
  private void announceVerified() {
    for (Swarm s : swarms.values()) {
      s.announcePending();
    }
  }

  private final class Env implements ChannelEnv {
    @Override
    public Clock clock() {
      return clock;
    }

    @Override
    public PeerObserver observer() {
      return observer;
    }

    @Override
    public ByteBufAllocator allocator() {
      return transport.allocator();
    }

    @Override
    public void send(Channel channel, long destination, List<Message> messages) {
      sendRaw(channel.ref(), channel.remote(), new Datagram(destination, messages), channel.sendContext());
    }

    @Override
    public void sendSplit(Channel channel, long destination, List<Message> messages, int payloadLimit) {
      List<Message> batch = new ArrayList<>();
      int size = Datagram.HEADER_LENGTH;
      for (Message m : messages) {
        int length = DatagramEncoder.encodedLength(m, channel.sendContext());
        if (!batch.isEmpty() && size + length > payloadLimit) {
          send(channel, destination, batch);
          batch = new ArrayList<>();
          size = Datagram.HEADER_LENGTH;
        }
        batch.add(m);
        size += length;
      }
      if (!batch.isEmpty()) {
        send(channel, destination, batch);
      }
    }

    @Override
    public boolean canSendMore() {
      return transport.isWritable() && (uploadLimiter == null || uploadLimiter.canSend(clock.nanoTime()));
    }

    @Override
    public void markDirty(Channel channel) {
      dirty.add(channel);
    }

    @Override
    public void onOpened(Channel channel) {
      unconfirmed.remove(channel); // its initiator proved its address
      exchange.onOpened(channel);
      choker.onOpened(channel);
    }

    @Override
    public void onPex(Channel channel, Message message) {
      exchange.onMessage(channel, message);
    }

    @Override
    public void onClosed(Channel channel, CloseReason reason, String detail) {
      channels.remove(channel.localId());
      unconfirmed.remove(channel); // held here, a closed channel would stay in memory until the next opening
      if (!channel.isInitiator()) {
        accepted.remove(new Opening(channel.remote(), channel.remoteId()));
      }
      dirty.remove(channel);
      exchange.onClosed(channel);
      choker.onClosed(channel);
    }
  }

  private List<Channel> channelsOf(Swarm swarm) {
    List<Channel> out = new ArrayList<>();
    for (Channel ch : channels.values()) {
      if (ch.swarm() == swarm) {
        out.add(ch);
      }
    }
    return out;
  }

  private final class Directory implements PeerDirectory {
    @Override
    public List<Channel> channelsOf(Swarm swarm) {
      return PeerNode.this.channelsOf(swarm);
    }

    @Override
    public void connect(Swarm swarm, InetSocketAddress remote) {
      PeerNode.this.connect(swarm, remote);
    }

    @Override
    public InetSocketAddress localAddress() {
      return PeerNode.this.localAddress();
    }
  }

  // ---- statistics ---------------------------------------------------------------------------------------

  @Override
  public List<SwarmStats> swarms() {
    return onLoopAndWait(() -> {
      long now = clock.nanoTime();
      double seconds = lastSampleNs == 0 ? 0 : (now - lastSampleNs) / 1e9;
      lastSampleNs = now;
      List<SwarmStats> out = new ArrayList<>();
      for (Swarm s : swarms.values()) {
        long[] prev = lastBytes.getOrDefault(s.idHex(), new long[2]);
        double up = seconds > 0 ? (s.bytesUploaded() - prev[0]) / seconds : 0;
        double down = seconds > 0 ? (s.bytesDownloaded() - prev[1]) / seconds : 0;
        lastBytes.put(s.idHex(), new long[] {s.bytesUploaded(), s.bytesDownloaded()});
        out.add(new SwarmStats(s.idHex(), s.memberCount(), s.chunksHeld(), Math.max(0, s.chunkCount()),
            s.bytesUploaded(), s.bytesDownloaded(), up, down, new SwarmStats.Counters(s.chunksUploaded(), s.chunksDownloaded(),
            s.duplicateChunks(), s.integrityFailures(), s.requestsRefused())));
      }
      return out;
    });
  }

  @Override
  public List<CongestionStats> channels() {
    return onLoopAndWait(() -> {
      List<CongestionStats> out = new ArrayList<>();
      for (Channel ch : channels.values()) {
        if (ch.state() == Channel.State.OPEN) {
          var s = ch.sender();
          out.add(new CongestionStats(ch.ref(), s.cwndBytes(), s.baseDelayMicros(), s.queuingDelayMicros(), s.rttMicros(), s.bytesInFlight(),
            s.lossCounters()));
        }
      }
      return out;
    });
  }

  @Override
  public List<PeerStats> peers() {
    return onLoopAndWait(() -> {
      List<PeerStats> out = new ArrayList<>();
      for (Channel ch : channels.values()) {
        if (ch.state() == Channel.State.OPEN) {
          out.add(new PeerStats(ch.ref(), ch.totals(), ch.isChokedByRemote(), ch.isChoking(), Math.max(0, ch.swarm().chunkCount())));
        }
      }
      return out;
    });
  }

  private <T> List<T> onLoopAndWait(java.util.concurrent.Callable<List<T>> task) {
    try {
      if (transport.eventLoop().inEventLoop()) {
        return task.call();
      }
      return transport.eventLoop().submit(task).get(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    } catch (ExecutionException | TimeoutException e) {
      return List.of();
    } catch (Exception e) {
      return List.of();
    }
  }

  /** Closes every channel (telling the remotes), then the socket. */
  @Override
  public void close() {
    observer.onPeerStopped(); // first: its last sample still sees the channels
    try {
      transport.eventLoop().submit(() -> {
        for (Channel ch : List.copyOf(channels.values())) {
          ch.close(CloseReason.LOCAL_CLOSED, "peer shutting down", true);
        }
        stopping = true;
        if (ticker != null) {
          ticker.cancel(false);
        }
        transport.flushNow();
      }).get(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("closing channels: {}", e.toString());
    }
    transport.close();
    for (Swarm s : swarms.values()) {
      s.close();
    }
  }
}
