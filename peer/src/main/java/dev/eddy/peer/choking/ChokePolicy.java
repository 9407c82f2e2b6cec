package dev.eddy.peer.choking;

/**
 * Upload slots and timing.
 *
 * @param regularSlots peers unchoked for what they give (or, seeding, how fast they take)
 * @param optimisticSlots peers unchoked regardless, rotated
 * @param roundNs how often the slots are reassigned (BitTorrent: 10 s)
 * @param optimisticRounds the optimistic slots move every this many rounds (BitTorrent: 3, so 30 s)
 */
public record ChokePolicy(int regularSlots, int optimisticSlots, long roundNs, int optimisticRounds) {
  public static final ChokePolicy DEFAULT = new ChokePolicy(4, 1, 10_000_000_000L, 3);

  public ChokePolicy {
    if (regularSlots < 1 || optimisticSlots < 0 || roundNs <= 0 || optimisticRounds < 1) {
      throw new IllegalArgumentException("bad choke policy: " + regularSlots + " regular slots, " + optimisticSlots
          + " optimistic, round " + roundNs + " ns, optimistic every " + optimisticRounds + " rounds");
    }
  }

  public int slots() {
    return regularSlots + optimisticSlots;
  }

  public ChokePolicy withRegularSlots(int value) {
    return new ChokePolicy(value, optimisticSlots, roundNs, optimisticRounds);
  }
}
