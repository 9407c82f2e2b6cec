package dev.eddy.peer.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * A userspace UDP relay that impairs what passes through it, for testing peers on one machine where the
 * kernel's netem is not available. Clients send to the relay's listen address; for each client address the
 * relay opens its own socket towards the target (as a NAT would), so the target sees one address per client
 * and its replies find their way back. Both directions get the same {@link Impairment}, each with its own
 * random stream from the seed, so a run is reproducible up to the timing of the datagrams themselves.
 *
 * <p>One thread does everything: reads, decides, and releases delayed datagrams from a queue ordered by
 * release time (ties in arrival order), so a path without jitter or reordering keeps datagram order.
 */
public final class ImpairmentRelay implements AutoCloseable {
  private static final int MAX_DATAGRAM = 65_535;
  private static final int SOCKET_BUFFER = 4 << 20;

  private final Impairment impairment;
  private final InetSocketAddress target;
  private final Selector selector;
  private final DatagramChannel listen;
  private final Map<SocketAddress, Upstream> upstreams = new HashMap<>();
  private final Direction toTarget;
  private final Direction fromTarget;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
  private final PriorityQueue<Pending> pending = new PriorityQueue<>();
  private final long startNs;
  private final Thread thread;
  private long arrivals;
  private volatile boolean closed;

  /** The socket towards the target for one client. */
  private record Upstream(DatagramChannel channel, SocketAddress client) {}

  /** A datagram waiting for its release time. */
  private record Pending(long releaseNs, long order, DatagramChannel from, SocketAddress to, byte[] bytes)
      implements Comparable<Pending> {
    @Override
    public int compareTo(Pending o) {
      int c = Long.compare(releaseNs, o.releaseNs);
      return c != 0 ? c : Long.compare(order, o.order);
    }
  }

  /** A reordered datagram and how many later ones must still pass it. */
  private static final class Held {
    final Pending datagram;
    int toPass;

    Held(Pending datagram, int toPass) {
      this.datagram = datagram;
      this.toPass = toPass;
    }
  }

  /** One direction's impairment state: its random stream, loss process, bottleneck and counters. */
  private final class Direction {
    final Random random;
    final LossModel.Process loss;
    final RelayCounters counters = new RelayCounters();
    /** When the bottleneck finishes sending what it holds. */
    long bottleneckFreeNs;
    /** Datagrams being reordered: each waits for later ones to pass it. */
    final List<Held> held = new ArrayList<>();

    Direction(long seed) {
      random = new Random(seed);
      loss = impairment.loss().start();
    }

    void accept(byte[] bytes, DatagramChannel out, SocketAddress to, long nowNs) throws IOException {
      counters.received.increment();
      if (blackedOut(nowNs)) {
        counters.blackedOut.increment();
        return;
      }
      if (impairment.loss().meanLoss() > 0 && loss.drop(random)) {
        counters.lost.increment();
        return;
      }
      long departNs = nowNs;
      if (impairment.rateBitsPerSecond() > 0) {
        long queuedNs = Math.max(0, bottleneckFreeNs - nowNs);
        long queuedBytes = queuedNs * impairment.rateBitsPerSecond() / 8 / 1_000_000_000L;
        if (queuedBytes + bytes.length > impairment.queueBytes()) {
          counters.queueFull.increment();
          return;
        }
        bottleneckFreeNs = Math.max(nowNs, bottleneckFreeNs) + bytes.length * 8L * 1_000_000_000L / impairment.rateBitsPerSecond();
        departNs = bottleneckFreeNs;
      }
      int copies = impairment.duplicate() > 0 && random.nextDouble() < impairment.duplicate() ? 2 : 1;
      if (copies == 2) {
        counters.duplicated.increment();
      }
      for (int i = 0; i < copies; i++) {
        long releaseNs = departNs + delayNs();
        if (impairment.reorder() > 0 && random.nextDouble() < impairment.reorder()) {
          counters.reordered.increment();
          held.add(new Held(new Pending(releaseNs + Impairment.REORDER_MAX_HOLD.toNanos(), arrivals++, out, to, bytes), Impairment.REORDER_DISTANCE));
          continue;
        }
        if (releaseNs <= nowNs && pending.isEmpty()) {
          send(out, to, ByteBuffer.wrap(bytes));
        } else {
          counters.delayed.increment();
          pending.add(new Pending(releaseNs, arrivals++, out, to, bytes));
        }
        overtake(releaseNs, nowNs);
      }
    }

    /** A datagram due at {@code releaseNs} passed the held ones: those passed often enough follow it. */
    private void overtake(long releaseNs, long nowNs) throws IOException {
      for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
        Held h = it.next();
        if (--h.toPass == 0) {
          it.remove();
          Pending p = h.datagram;
          if (releaseNs <= nowNs && pending.isEmpty()) {
            send(p.from(), p.to(), ByteBuffer.wrap(p.bytes()));
          } else {
            pending.add(new Pending(releaseNs, arrivals++, p.from(), p.to(), p.bytes()));
          }
        }
      }
    }

    /** Held datagrams that waited their longest: sent now, whether or not enough others passed them. */
    void releaseHeld(long nowNs) throws IOException {
      for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
        Held h = it.next();
        if (h.datagram.releaseNs() <= nowNs) {
          it.remove();
          send(h.datagram.from(), h.datagram.to(), ByteBuffer.wrap(h.datagram.bytes()));
        }
      }
    }

    long nextHeldReleaseNs() {
      long next = Long.MAX_VALUE;
      for (Held h : held) {
        next = Math.min(next, h.datagram.releaseNs());
      }
      return next;
    }

    private long delayNs() {
      long delay = impairment.delay().toNanos();
      long jitter = impairment.jitter().toNanos();
      return jitter == 0 ? delay : delay - jitter + (long) (random.nextDouble() * 2 * jitter);
    }

    private void send(DatagramChannel out, SocketAddress to, ByteBuffer bytes) throws IOException {
      out.send(bytes, to);
      counters.forwarded.increment();
    }
  }

  private ImpairmentRelay(Impairment impairment, InetSocketAddress listenAddress, InetSocketAddress target) throws IOException {
    this.impairment = impairment;
    this.target = target;
    this.selector = Selector.open();
    this.listen = DatagramChannel.open();
    try {
      listen.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
      listen.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
      listen.bind(listenAddress);
      listen.configureBlocking(false);
      listen.register(selector, SelectionKey.OP_READ);
    } catch (IOException e) {
      listen.close();
      selector.close();
      throw e;
    }
    this.toTarget = new Direction(impairment.seed());
    this.fromTarget = new Direction(impairment.seed() * 31 + 17);
    this.startNs = System.nanoTime();
    this.thread = new Thread(this::run, "impairment-relay");
    thread.setDaemon(true);
  }

  /** Binds {@code listenAddress} (port 0 picks one) and starts relaying to {@code target}. */
  public static ImpairmentRelay start(Impairment impairment, InetSocketAddress listenAddress, InetSocketAddress target) throws IOException {
    ImpairmentRelay relay = new ImpairmentRelay(impairment, listenAddress, target);
    relay.thread.start();
    return relay;
  }

  /** Where clients send: the address peers should be given instead of the target's. */
  public InetSocketAddress address() {
    try {
      return (InetSocketAddress) listen.getLocalAddress();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public InetSocketAddress target() {
    return target;
  }

  /** Datagrams from clients towards the target. */
  public RelayCounters toTarget() {
    return toTarget.counters;
  }

  /** Datagrams from the target back to clients. */
  public RelayCounters fromTarget() {
    return fromTarget.counters;
  }

  private boolean blackedOut(long nowNs) {
    long since = nowNs - startNs;
    for (Impairment.Blackout b : impairment.blackouts()) {
      if (b.covers(since)) {
        return true;
      }
    }
    return false;
  }

  private void run() {
    try {
      while (!closed) {
        Pending next = pending.peek();
        long dueNs = Math.min(next == null ? Long.MAX_VALUE : next.releaseNs,
            Math.min(toTarget.nextHeldReleaseNs(), fromTarget.nextHeldReleaseNs()));
        long now = System.nanoTime();
        if (dueNs <= now) {
          selector.selectNow();
        } else if (dueNs == Long.MAX_VALUE) {
          selector.select();
        } else {
          selector.select(Math.max(1, (dueNs - now + 999_999) / 1_000_000));
        }
        for (SelectionKey key : selector.selectedKeys()) {
          if (key.isValid() && key.isReadable()) {
            drain((DatagramChannel) key.channel(), (Upstream) key.attachment());
          }
        }
        selector.selectedKeys().clear();
        release();
      }
    } catch (ClosedSelectorException e) {
      // closed while selecting
    } catch (IOException e) {
      if (!closed) {
        throw new UncheckedIOException("the relay stopped", e);
      }
    }
  }

  /** Reads everything waiting on one socket. */
  private void drain(DatagramChannel channel, Upstream upstream) throws IOException {
    for (int i = 0; i < 256; i++) {
      buffer.clear();
      SocketAddress from = channel.receive(buffer);
      if (from == null) {
        return;
      }
      buffer.flip();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      long now = System.nanoTime();
      if (upstream == null) {
        toTarget.accept(bytes, upstreamFor(from).channel(), target, now);
      } else if (from.equals(target)) {
        fromTarget.accept(bytes, listen, upstream.client(), now);
      }
    }
  }

  private Upstream upstreamFor(SocketAddress client) throws IOException {
    Upstream u = upstreams.get(client);
    if (u == null) {
      DatagramChannel channel = DatagramChannel.open();
      channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
      channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
      channel.bind(new InetSocketAddress(((InetSocketAddress) listen.getLocalAddress()).getAddress(), 0));
      channel.configureBlocking(false);
      u = new Upstream(channel, client);
      channel.register(selector, SelectionKey.OP_READ, u);
      upstreams.put(client, u);
    }
    return u;
  }

  private void release() throws IOException {
    long now = System.nanoTime();
    toTarget.releaseHeld(now);
    fromTarget.releaseHeld(now);
    Pending p;
    while ((p = pending.peek()) != null && p.releaseNs <= now) {
      pending.poll();
      p.from.send(ByteBuffer.wrap(p.bytes), p.to);
      (p.from == listen ? fromTarget : toTarget).counters.forwarded.increment();
    }
  }

  /** Stops relaying; datagrams still held back are dropped with the sockets. */
  @Override
  public void close() {
    closed = true;
    selector.wakeup();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      selector.close();
      listen.close();
      for (Upstream u : upstreams.values()) {
        u.channel().close();
      }
    } catch (IOException e) {
      // closing: nothing left to report to
    }
  }

  /** The counters of both directions, as printed at the end of a run. */
  public String summary() {
    String host = target.getHostString();
    String peer = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + target.getPort();
    return "to " + peer + ": " + toTarget.counters + "\nfrom " + peer + ": " + fromTarget.counters;
  }
}
