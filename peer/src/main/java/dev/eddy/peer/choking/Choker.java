package dev.eddy.peer.choking;

import dev.eddy.peer.channel.Channel;
import dev.eddy.peer.swarm.Swarm;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * Assigns the upload slots of every swarm of one peer, each round: among the channels whose remote still wants
 * something (it has not announced every chunk), the {@link ChokePolicy#regularSlots} that sent us the most
 * since the last round (when we seed: that we sent the most, the peers we serve fastest) are unchoked, plus
 * {@link ChokePolicy#optimisticSlots} chosen at random and kept for {@link ChokePolicy#optimisticRounds}
 * rounds; the others are choked. Chokes go before unchokes, so no more than the slots are ever open. A new
 * channel starts unchoked (it is served at once) unless the slots are taken. An unchoked remote that asked
 * for nothing within the last round (nor opened within {@link #NEW_CHANNEL_GRACE_NS}) is not interested, in
 * BitTorrent's terms: it keeps a slot only while no interested peer needs it, and is choked otherwise (a
 * choked remote cannot ask, so it always competes). Peers that handshake and then stay silent would
 * otherwise take every slot and starve those that ask. Runs on the peer's event loop.
 */
public final class Choker {
  /** A new channel counts as interested this long before its first REQUEST: the round trip it needs to ask. */
  static final long NEW_CHANNEL_GRACE_NS = 1_000_000_000L;
  private final Function<Swarm, List<Channel>> channelsOf;
  private final Random random;
  private ChokePolicy policy = ChokePolicy.DEFAULT;
  private long nextRoundNs = Long.MIN_VALUE;
  private long round;
  /** The latest tick's time: interest is judged against it. */
  private long nowNs;
  /** Per channel, its byte counter at the last round: the round's score is the difference. */
  private final Map<Channel, Long> lastBytes = new HashMap<>();
  private final Map<Swarm, Set<Channel>> optimistic = new HashMap<>();

  public Choker(Function<Swarm, List<Channel>> channelsOf, Random random) {
    this.channelsOf = channelsOf;
    this.random = random;
  }

  public void setPolicy(ChokePolicy policy) {
    this.policy = policy;
    nextRoundNs = Long.MIN_VALUE; // the new slots apply at the next tick
  }

  /** A channel completed its handshake: it is served unless every slot of its swarm is taken. */
  public void onOpened(Channel channel) {
    int open = 0;
    for (Channel ch : channelsOf.apply(channel.swarm())) {
      if (ch != channel && wantsData(ch) && !ch.isChoking()) {
        open++;
      }
    }
    if (open >= policy.slots()) {
      channel.setChoking(true);
    }
  }

  public void onClosed(Channel channel) {
    lastBytes.remove(channel);
    Set<Channel> chosen = optimistic.get(channel.swarm());
    if (chosen != null) {
      chosen.remove(channel);
    }
  }

  /** Called by the peer's timer: reassigns the slots once per round. */
  public void onTick(long nowNs, Iterable<Swarm> swarms) {
    this.nowNs = nowNs;
    if (nowNs < nextRoundNs) {
      return;
    }
    nextRoundNs = nowNs + policy.roundNs();
    boolean rotate = round++ % policy.optimisticRounds() == 0;
    for (Swarm swarm : swarms) {
      rechoke(swarm, rotate);
    }
  }

  private void rechoke(Swarm swarm, boolean rotate) {
    List<Channel> candidates = new ArrayList<>();
    List<Channel> silent = new ArrayList<>();
    Map<Channel, Long> score = new HashMap<>();
    for (Channel ch : channelsOf.apply(swarm)) {
      if (ch.state() != Channel.State.OPEN || ch.remoteHasEverything()) {
        continue;
      }
      if (!wantsData(ch)) {
        silent.add(ch); // silent for a round: it keeps a slot only if no one who asks needs it
        continue;
      }
      long bytes = swarm.isComplete() ? ch.bytesSent() : ch.bytesReceived();
      Long before = lastBytes.put(ch, bytes);
      score.put(ch, bytes - (before == null ? 0 : before));
      candidates.add(ch);
    }
    Collections.shuffle(candidates, random); // equal scores (all zero at first) in a fresh order each round
    candidates.sort(Comparator.comparingLong(score::get).reversed());
    Set<Channel> unchoke = new HashSet<>(candidates.subList(0, Math.min(policy.regularSlots(), candidates.size())));
    Set<Channel> lucky = optimistic.computeIfAbsent(swarm, s -> new HashSet<>());
    lucky.retainAll(candidates);
    lucky.removeAll(unchoke); // earned a regular slot: the optimistic one goes to someone else
    if (rotate) {
      lucky.clear();
    }
    List<Channel> others = new ArrayList<>(candidates);
    others.removeAll(unchoke);
    others.removeAll(lucky);
    Collections.shuffle(others, random);
    for (int i = 0; lucky.size() < policy.optimisticSlots() && i < others.size(); i++) {
      lucky.add(others.get(i));
    }
    unchoke.addAll(lucky);
    // A silent peer may simply have found nothing it wants here yet (a downloader that has just begun): it
    // stays unchoked while slots are free, so it can ask as soon as we hold something for it.
    int free = policy.slots() - unchoke.size();
    for (Channel ch : silent) {
      if (free > 0 && !ch.isChoking()) {
        free--;
      } else {
        ch.setChoking(true);
      }
    }
    for (Channel ch : candidates) {
      if (!unchoke.contains(ch)) {
        ch.setChoking(true);
      }
    }
    for (Channel ch : unchoke) {
      ch.setChoking(false);
    }
  }

  /**
   * Whether the remote wants chunks from us: an open channel whose remote has not announced them all and that
   * we choke (it cannot ask), that is new, or that asked for some within the last round.
   */
  private boolean wantsData(Channel ch) {
    return ch.state() == Channel.State.OPEN && !ch.remoteHasEverything()
        && (ch.isChoking() || nowNs - ch.createdNs() <= NEW_CHANNEL_GRACE_NS
            || (ch.lastRequestNs() != Long.MIN_VALUE && nowNs - ch.lastRequestNs() <= policy.roundNs()));
  }
}
