package dev.eddy.peer.discovery;

import dev.eddy.peer.channel.Channel;
import dev.eddy.peer.observe.PeerObserver;
import dev.eddy.peer.observe.PexContact;
import dev.eddy.peer.swarm.Swarm;
import dev.eddy.peer.wire.Message;
import dev.eddy.peer.wire.PexReq;
import dev.eddy.peer.wire.PexResCert;
import dev.eddy.peer.wire.PexResV4;
import dev.eddy.peer.wire.PexResV6;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peer exchange for every swarm of one peer. Answers PEX_REQ with up to {@link #ANSWER_LIMIT} other peers of
 * the same swarm whose channel with us completed its handshake (so their address is proven), never the asker
 * itself. While a swarm is downloading it asks each new channel, and every channel again every {@link
 * #ASK_INTERVAL_NS}, and connects to what is offered: each address is checked ({@link PexValidator}), taken
 * only in answer to a request of ours on that channel and up to {@link #ANSWER_LIMIT} per request, and
 * channels stop being opened at the peer limit. All methods run on the peer's event loop.
 */
public final class PeerExchange {
  private static final Logger LOG = LoggerFactory.getLogger(PeerExchange.class);
  /** Peers named per PEX_REQ answered, and accepted per PEX_REQ sent: 20 IPv6 entries fit one datagram. */
  static final int ANSWER_LIMIT = 20;
  static final long ASK_INTERVAL_NS = 2_000_000_000L;
  public static final int DEFAULT_MAX_PEERS = 20;
  /** Distinct peers remembered per swarm for {@link PexStats#learned}: a long-lived peer meets many. */
  private static final int MAX_REMEMBERED = 4096;

  private final PeerDirectory directory;
  private final Random random;
  private final PeerObserver observer;
  /** Peers named as trackers: PEX with them is reported as a tracker contact. */
  private final Set<InetSocketAddress> trackers = new HashSet<>();
  private int maxPeers = DEFAULT_MAX_PEERS;
  /** Addresses still accepted on a channel: refilled by each PEX_REQ we send on it. */
  private final Map<Channel, Integer> budget = new HashMap<>();
  private final Map<Swarm, Set<InetSocketAddress>> learned = new HashMap<>();
  private final Map<PexVerdict, Long> dropped = new EnumMap<>(PexVerdict.class);
  private long certificatesIgnored;
  private long nextAskNs;

  public PeerExchange(PeerDirectory directory, Random random, PeerObserver observer) {
    this.directory = directory;
    this.random = random;
    this.observer = observer;
  }

  /** A peer named as a tracker: PEX steps with it are reported with {@link PexContact#tracker()} set. */
  public void addTracker(InetSocketAddress tracker) {
    trackers.add(tracker);
  }

  /** At most this many channels per swarm are opened because of PEX (the ones we are asked to open count too). */
  public void setMaxPeers(int maxPeers) {
    if (maxPeers < 1) {
      throw new IllegalArgumentException("max peers must be at least 1: " + maxPeers);
    }
    this.maxPeers = maxPeers;
  }

  /** A channel completed its handshake: a downloader asks it for peers at once. */
  public void onOpened(Channel channel) {
    if (wantsPeers(channel.swarm())) {
      ask(channel);
    }
  }

  public void onClosed(Channel channel) {
    budget.remove(channel);
  }

  /** A PEX message arrived on an open channel. */
  public void onMessage(Channel channel, Message message) {
    if (message instanceof PexReq) {
      answer(channel);
    } else if (message instanceof PexResV4 v4) {
      offered(channel, new InetSocketAddress(v4.address(), v4.port()));
    } else if (message instanceof PexResV6 v6) {
      offered(channel, new InetSocketAddress(v6.address(), v6.port()));
    } else if (message instanceof PexResCert) {
      certificatesIgnored++; // no membership certificates are configured: nothing to check them against
    } else {
      throw new IllegalArgumentException("not a PEX message: " + message.type());
    }
  }

  /** Called by the peer's timer: downloaders short of peers ask again. */
  public void onTick(long nowNs, Iterable<Swarm> swarms) {
    if (nowNs < nextAskNs) {
      return;
    }
    nextAskNs = nowNs + ASK_INTERVAL_NS;
    for (Swarm swarm : swarms) {
      if (wantsPeers(swarm)) {
        for (Channel ch : directory.channelsOf(swarm)) {
          if (ch.state() == Channel.State.OPEN) {
            ask(ch);
          }
        }
      }
    }
  }

  public PexStats stats() {
    long total = learned.values().stream().mapToLong(Set::size).sum();
    return new PexStats(total, dropped, certificatesIgnored);
  }

  private boolean isTracker(Channel channel) {
    return trackers.contains(channel.remote());
  }

  private boolean wantsPeers(Swarm swarm) {
    return !swarm.isComplete() && directory.channelsOf(swarm).size() < maxPeers;
  }

  private void ask(Channel channel) {
    budget.put(channel, ANSWER_LIMIT);
    channel.queueDiscovery(PexReq.INSTANCE);
    observer.onPexContact(channel.ref(), new PexContact(PexContact.Kind.REQUEST_SENT, null, 0, "", false, isTracker(channel)));
  }

  private void answer(Channel asker) {
    List<InetSocketAddress> peers = new ArrayList<>();
    for (Channel ch : directory.channelsOf(asker.swarm())) {
      if (ch != asker && ch.state() == Channel.State.OPEN && !ch.remote().equals(asker.remote())) {
        peers.add(ch.remote());
      }
    }
    Collections.shuffle(peers, random); // a different sample each time, so askers spread over the swarm
    List<InetSocketAddress> named = peers.subList(0, Math.min(ANSWER_LIMIT, peers.size()));
    observer.onPexContact(asker.ref(), new PexContact(PexContact.Kind.REQUEST_ANSWERED, null, named.size(), "", false, isTracker(asker)));
    for (InetSocketAddress p : named) {
      if (p.getAddress() instanceof Inet4Address v4) {
        asker.queueDiscovery(new PexResV4(v4, p.getPort()));
      } else if (p.getAddress() instanceof Inet6Address v6) {
        asker.queueDiscovery(new PexResV6(v6, p.getPort()));
      }
    }
  }

  private void offered(Channel from, InetSocketAddress peer) {
    Swarm swarm = from.swarm();
    int left = budget.getOrDefault(from, 0);
    PexVerdict verdict = PexVerdict.UNSOLICITED;
    if (left > 0) {
      budget.put(from, left - 1);
      verdict = PexValidator.check(peer, from.remote(), directory.localAddress());
    }
    if (verdict == PexVerdict.ACCEPTED) {
      List<Channel> channels = directory.channelsOf(swarm);
      boolean connected = channels.stream().anyMatch(ch -> ch.remote().equals(peer));
      if (!connected && (swarm.isComplete() || channels.size() >= maxPeers)) {
        verdict = PexVerdict.OVER_PEER_LIMIT;
      } else {
        Set<InetSocketAddress> known = learned.computeIfAbsent(swarm, s -> new HashSet<>());
        if (known.size() < MAX_REMEMBERED) {
          known.add(peer);
        }
        if (!connected) {
          directory.connect(swarm, peer);
        }
        observer.onPexContact(from.ref(), new PexContact(PexContact.Kind.PEER_OFFERED, peer, 0, verdict.label(), true, isTracker(from)));
        return;
      }
    }
    dropped.merge(verdict, 1L, Long::sum);
    observer.onPexContact(from.ref(), new PexContact(PexContact.Kind.PEER_OFFERED, peer, 0, verdict.label(), false, isTracker(from)));
    LOG.debug("PEX from {}: dropped {} ({})", from.remote(), peer, verdict.label());
  }
}
