package dev.eddy.peer.channel;

/**
 * How many chunks to keep requested from one peer: about half a second of what it delivered lately, between
 * a floor and the configured ceiling. A fixed window of the ceiling (4 MiB) handed a whole small content to
 * the first peer asked, however slowly it served: with several sources, a slow one now holds only what it
 * can deliver soon, and the rest is picked for the peers that deliver faster.
 */
final class RequestWindow {
  private static final long PERIOD_NS = 100_000_000L;
  /** Periods per half second: the window holds this many periods of delivery. */
  private static final int PERIODS_HELD = 5;

  private final int normalFloor;
  /** The floor, halved each time the peer let a whole window of requests time out (see {@link #onUnanswered}). */
  private int floor;
  private final int ceiling;
  private long periodStartNs;
  private int deliveredThisPeriod;
  private int deliveredLastPeriod;

  RequestWindow(int floor, int ceiling) {
    this.normalFloor = Math.min(floor, ceiling);
    this.floor = normalFloor;
    this.ceiling = ceiling;
  }

  void onDelivered(long nowNs) {
    roll(nowNs);
    deliveredThisPeriod++;
    floor = normalFloor;
  }

  /**
   * The requests timed out with nothing delivered: a peer that announces chunks and never sends them holds
   * fewer each time, down to one, so other peers get the rest; its first delivery restores the floor.
   */
  void onUnanswered() {
    floor = Math.max(1, floor / 2);
  }

  /** Whether the peer's latest requests were answered: none timed out since its last delivery. */
  boolean answering() {
    return floor == normalFloor;
  }

  int chunks(long nowNs) {
    roll(nowNs);
    long held = (long) Math.max(deliveredLastPeriod, deliveredThisPeriod) * PERIODS_HELD;
    return (int) Math.max(floor, Math.min(ceiling, held));
  }

  private void roll(long nowNs) {
    if (nowNs - periodStartNs >= PERIOD_NS) {
      // A period with nothing delivered in between counts as nothing delivered last.
      deliveredLastPeriod = nowNs - periodStartNs >= 2 * PERIOD_NS ? 0 : deliveredThisPeriod;
      deliveredThisPeriod = 0;
      periodStartNs = nowNs;
    }
  }
}
