package dev.eddy.peer.channel;

import dev.eddy.peer.observe.ChannelRef;
import dev.eddy.peer.observe.CloseReason;
import dev.eddy.peer.observe.PeerObserver;
import dev.eddy.peer.swarm.Swarm;
import dev.eddy.peer.time.Clock;
import dev.eddy.peer.wire.Data;
import dev.eddy.peer.wire.Datagram;
import dev.eddy.peer.wire.DatagramDecoder;
import dev.eddy.peer.wire.DatagramEncoder;
import dev.eddy.peer.wire.DecodeResult;
import dev.eddy.peer.wire.Handshake;
import dev.eddy.peer.wire.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Two peers joined by an in-memory "network": every datagram is really encoded and decoded with the wire
 * codec, can be dropped by a test's filter, and is delivered when the test says so. Time is a manual clock.
 */
final class MemoryNetwork {
  final ManualClock clock = new ManualClock();
  ChannelConfig config = ChannelConfig.DEFAULT;
  final Side a = new Side(new InetSocketAddress("127.0.0.1", 1000));
  final Side b = new Side(new InetSocketAddress("127.0.0.1", 2000));
  private final ArrayDeque<InFlight> wire = new ArrayDeque<>();
  Predicate<Datagram> drop = d -> false;
  /** Datagrams that arrive after the others sent in the same round: the path reordered them. */
  Predicate<Datagram> late = d -> false;
  private final List<InFlight> lateWire = new ArrayList<>();
  /** Datagrams that arrive a round after the others sent in the same round (last of theirs if also late). */
  Predicate<Datagram> nextRound = d -> false;
  private final List<Runnable> heldBack = new ArrayList<>();
  /** Like PeerNode, contain a channel's failure (recorded as an event) instead of failing the test with it. */
  boolean containFailures;
  /** Applied to every datagram before it is encoded: lets a test make a side behave like another peer. */
  UnaryOperator<Datagram> rewrite = d -> d;
  final List<String> events = new ArrayList<>();
  private long nextId = 0x1000;

  record InFlight(Side from, Side to, byte[] bytes) {}

  final class Side implements ChannelEnv, PeerObserver {
    final InetSocketAddress address;
    final Map<Long, Channel> channels = new HashMap<>();
    final List<Datagram> sent = new ArrayList<>();
    final List<Channel> dirty = new ArrayList<>();
    Swarm swarm;
    /** This side's own settings, from the network's: lets the two sides differ (e.g. in chunk addressing). */
    UnaryOperator<ChannelConfig> configure = c -> c;
    java.util.function.Consumer<Channel> onOpened = ch -> {};

    Side(InetSocketAddress address) {
      this.address = address;
    }

    Side other() {
      return this == a ? b : a;
    }

    @Override
    public Clock clock() {
      return clock;
    }

    @Override
    public PeerObserver observer() {
      return this;
    }

    @Override
    public ByteBufAllocator allocator() {
      return UnpooledByteBufAllocator.DEFAULT;
    }

    @Override
    public void send(Channel channel, long destination, List<Message> messages) {
      Datagram d = rewrite.apply(new Datagram(destination, messages));
      ByteBuf out = UnpooledByteBufAllocator.DEFAULT.heapBuffer();
      DatagramEncoder.encode(d, channel.sendContext(), out);
      for (Message m : messages) {
        if (m instanceof Data data) {
          data.payload().release();
        }
      }
      byte[] bytes = new byte[out.readableBytes()];
      out.readBytes(bytes);
      out.release();
      sent.add(d);
      if (drop.test(d)) {
        return;
      }
      InFlight f = new InFlight(this, other(), bytes);
      java.util.Collection<InFlight> to = late.test(d) ? lateWire : wire;
      if (nextRound.test(d)) {
        heldBack.add(() -> to.add(f));
      } else {
        to.add(f);
      }
    }

    @Override
    public void sendSplit(Channel channel, long destination, List<Message> messages, int payloadLimit) {
      send(channel, destination, messages);
    }

    @Override
    public boolean canSendMore() {
      return true;
    }

    @Override
    public void markDirty(Channel channel) {
      if (!dirty.contains(channel)) {
        dirty.add(channel);
      }
    }

    @Override
    public void onOpened(Channel channel) {
      // No peer exchange between two sides: each knows the other only.
    }

    @Override
    public void onPex(Channel channel, Message message) {
      events.add(name() + " pex " + message.type());
    }

    @Override
    public void onClosed(Channel channel, CloseReason reason, String detail) {
      channels.remove(channel.localId());
    }

    Channel connect() {
      Channel ch = Channel.initiate(this, configure.apply(config), swarm, nextId++, other().address);
      channels.put(ch.localId(), ch);
      return ch;
    }

    void receive(byte[] bytes, InetSocketAddress from) {
      ByteBuf buf = io.netty.buffer.Unpooled.wrappedBuffer(bytes);
      long destination = buf.getUnsignedInt(0);
      if (destination == 0) {
        var r = (DecodeResult.Decoded) DatagramDecoder.decode(buf, Channel.baseContextFor(swarm));
        Handshake h = (Handshake) r.datagram().messages().get(0);
        var context = Channel.baseContextFor(swarm).afterHandshake(h.options()).withChunkSize(swarm.chunkSize());
        Channel ch = Channel.accept(this, configure.apply(config), swarm, nextId++, from, h, context);
        channels.put(ch.localId(), ch);
      } else {
        Channel ch = channels.get(destination);
        if (ch == null) {
          events.add(name() + " dropped datagram for unknown channel");
          return;
        }
        var r = (DecodeResult.Decoded) DatagramDecoder.decode(buf, ch.receiveContext());
        contained(() -> ch.onDatagram(r.datagram().messages(), r.context(), bytes.length));
      }
      buf.release();
    }

    void flush() {
      List<Channel> todo = new ArrayList<>(dirty);
      dirty.clear();
      todo.forEach(ch -> contained(ch::flushControl));
    }

    private void contained(Runnable step) {
      try {
        step.run();
      } catch (RuntimeException e) {
        if (!containFailures) {
          throw e;
        }
        events.add(name() + " failed: " + e.getMessage());
      }
    }

    String name() {
      return this == a ? "a" : "b";
    }

    @Override
    public void onChannelOpened(ChannelRef channel, dev.eddy.peer.observe.NegotiatedOptions options, long handshakeNanos, boolean initiatedLocally) {
      events.add(name() + " opened");
      Channel ch = channels.get(channel.localChannel());
      if (ch != null) {
        onOpened.accept(ch);
      }
    }

    @Override
    public void onChannelClosed(ChannelRef channel, CloseReason reason, String detail, dev.eddy.peer.observe.ChannelTotals totals) {
      events.add(name() + " closed " + reason);
    }

    @Override
    public void onRetransmission(ChannelRef channel, long chunkStart, long chunkEnd, int attempt, long rtoNanos) {
      events.add(name() + " retransmit " + chunkStart + ".." + chunkEnd);
    }

    @Override
    public void onChokeChanged(ChannelRef channel, boolean choked, boolean byRemote) {
      events.add(name() + (choked ? " choked" : " unchoked") + (byRemote ? " by remote" : ""));
    }

    @Override
    public void onIntegrityFailure(ChannelRef channel, long chunkStart, long chunkEnd, String detail) {
      events.add(name() + " integrity failure " + chunkStart);
    }
  }

  /** Delivers everything on the wire (and what that triggers) until quiet; one "read batch" per round. */
  void run() {
    for (int rounds = 0; rounds < 100_000 && (!wire.isEmpty() || !lateWire.isEmpty() || !heldBack.isEmpty() || !a.dirty.isEmpty() || !b.dirty.isEmpty()); rounds++) {
      List<InFlight> batch = new ArrayList<>(wire);
      batch.addAll(lateWire);
      wire.clear();
      lateWire.clear();
      List<Runnable> release = List.copyOf(heldBack);
      heldBack.clear();
      for (InFlight f : batch) {
        f.to().receive(f.bytes(), f.from().address);
      }
      a.flush();
      b.flush();
      release.forEach(Runnable::run);
      clock.advanceMs(1);
    }
  }

  /** Advances time in ticks of {@code stepMs}, running the network after each. */
  void tick(long totalMs, long stepMs) {
    for (long t = 0; t < totalMs; t += stepMs) {
      clock.advanceMs(stepMs);
      for (Side s : List.of(a, b)) {
        for (Channel ch : List.copyOf(s.channels.values())) {
          s.contained(() -> ch.onTick(clock.nanoTime()));
        }
      }
      run();
    }
  }
}
