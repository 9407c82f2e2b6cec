package dev.eddy.peer.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay between two real UDP sockets on loopback: a client sends numbered datagrams, a target receives. */
class ImpairmentRelayTest {
  private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
  private DatagramChannel client;
  private DatagramChannel target;
  private ImpairmentRelay relay;
  private long lastArrivalNs;

  @BeforeEach
  void sockets() throws IOException {
    client = DatagramChannel.open().bind(ANY_LOOPBACK);
    target = DatagramChannel.open().bind(ANY_LOOPBACK);
    target.socket().setReceiveBufferSize(8 << 20);
    target.socket().setSoTimeout(500);
  }

  @AfterEach
  void close() throws IOException {
    if (relay != null) {
      relay.close();
    }
    client.close();
    target.close();
  }

  private void start(Impairment impairment) throws IOException {
    relay = ImpairmentRelay.start(impairment, ANY_LOOPBACK, (InetSocketAddress) target.getLocalAddress());
  }

  /** Sends {@code n} datagrams numbered 0..n-1, {@code gapMicros} apart, and returns the numbers received, in order. */
  private List<Integer> sendAndReceive(int n, int size, long gapMicros) throws Exception {
    for (int i = 0; i < n; i++) {
      ByteBuffer b = ByteBuffer.allocate(size);
      b.putInt(0, i);
      client.send(b, relay.address());
      if (gapMicros > 0) {
        long until = System.nanoTime() + gapMicros * 1000;
        while (System.nanoTime() < until) {
          Thread.onSpinWait();
        }
      }
    }
    List<Integer> got = new ArrayList<>();
    ByteBuffer in = ByteBuffer.allocate(65_536);
    while (true) {
      in.clear();
      try {
        target.socket().receive(new java.net.DatagramPacket(in.array(), in.capacity()));
      } catch (SocketTimeoutException e) {
        return got;
      }
      got.add(in.getInt(0));
      lastArrivalNs = System.nanoTime();
    }
  }

  @Test
  void independentLossDropsTheSeededShareAndCountsIt() throws Exception {
    start(Impairment.NONE.withLoss(new LossModel.Independent(0.05)).withSeed(3));
    List<Integer> got = sendAndReceive(4000, 100, 20);
    RelayCounters c = relay.toTarget();
    assertThat(c.received()).isEqualTo(4000);
    assertThat(c.lost()).isEqualTo(4000 - got.size());
    assertThat(c.forwarded()).isEqualTo(got.size());
    assertThat((double) c.lost() / 4000).isCloseTo(0.05, within(0.015));
    assertThat(got).isSorted(); // loss alone never reorders
  }

  @Test
  void theSameSeedLosesTheSameDatagrams() {
    for (LossModel model : List.of(new LossModel.Independent(0.1), LossModel.GilbertElliott.of(0.03, 4))) {
      LossModel.Process a = model.start();
      LossModel.Process b = model.start();
      java.util.Random ra = new java.util.Random(9);
      java.util.Random rb = new java.util.Random(9);
      int lost = 0;
      for (int i = 0; i < 100_000; i++) {
        boolean dropA = a.drop(ra);
        assertThat(dropA).isEqualTo(b.drop(rb));
        lost += dropA ? 1 : 0;
      }
      assertThat(lost / 100_000.0).isCloseTo(model.meanLoss(), within(0.01));
    }
  }

  @Test
  void burstyLossComesInRunsOfTheMeanLength() {
    LossModel.Process p = LossModel.GilbertElliott.of(0.03, 4).start();
    java.util.Random r = new java.util.Random(1);
    int lost = 0;
    int bursts = 0;
    boolean previous = false;
    for (int i = 0; i < 200_000; i++) {
      boolean drop = p.drop(r);
      lost += drop ? 1 : 0;
      bursts += drop && !previous ? 1 : 0;
      previous = drop;
    }
    assertThat((double) lost / bursts).isCloseTo(4.0, within(0.4));
  }

  @Test
  void reorderingLetsLaterDatagramsPassAndDuplicationDeliversTwice() throws Exception {
    start(Impairment.NONE.withReorder(0.05).withDuplicate(0.05).withSeed(5));
    List<Integer> got = sendAndReceive(2000, 100, 50);
    RelayCounters c = relay.toTarget();
    assertThat(c.dropped()).isZero();
    assertThat(got).hasSize((int) (2000 + c.duplicated()));
    assertThat(c.duplicated()).isBetween(50L, 150L);
    assertThat(c.reordered()).isBetween(50L, 150L);
    int inversions = 0;
    for (int i = 1; i < got.size(); i++) {
      inversions += got.get(i) < got.get(i - 1) ? 1 : 0;
    }
    assertThat(inversions).isPositive();
    assertThat(got.stream().distinct().count()).isEqualTo(2000);
  }

  @Test
  void delayHoldsEveryDatagramAndABlackoutDropsEverything() throws Exception {
    start(Impairment.NONE.withDelay(Duration.ofMillis(30), Duration.ZERO)
        .withBlackouts(List.of(new Impairment.Blackout(Duration.ofMillis(300), Duration.ofSeconds(60)))));
    long t0 = System.nanoTime();
    ByteBuffer b = ByteBuffer.allocate(4);
    client.send(b, relay.address());
    target.socket().setSoTimeout(2000);
    target.socket().receive(new java.net.DatagramPacket(new byte[16], 16));
    assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos());
    Thread.sleep(400); // into the blackout
    target.socket().setSoTimeout(500);
    assertThat(sendAndReceive(20, 10, 0)).isEmpty();
    assertThat(relay.toTarget().blackedOut()).isEqualTo(20);
  }

  @Test
  void aRateLimitPacesDatagramsAndDropsWhatOverflowsItsQueue() throws Exception {
    // 8 Mbit/s = 1 MB/s: 500 datagrams of 1000 bytes take half a second; the queue holds 20 of them.
    start(Impairment.NONE.withRate(8_000_000, 20_000));
    long t0 = System.nanoTime();
    List<Integer> got = sendAndReceive(500, 1000, 0);
    RelayCounters c = relay.toTarget();
    assertThat(c.queueFull()).isPositive();
    assertThat(got).hasSize((int) (500 - c.queueFull()));
    // What got through left at the configured rate at most: the first at once, each next 1 ms later.
    assertThat(lastArrivalNs - t0).isGreaterThanOrEqualTo((got.size() - 1) * 1_000_000L);
  }
}
