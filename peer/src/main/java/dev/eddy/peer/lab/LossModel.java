package dev.eddy.peer.lab;

import java.util.Random;

/**
 * Which datagrams the relay drops. Each model is an immutable description; {@link #start()} gives the
 * stateful process that decides datagram by datagram (one per direction, so directions lose independently).
 */
public sealed interface LossModel {
  /** Nothing is lost. */
  LossModel NONE = new Independent(0);

  /** A new loss process in its initial state. */
  Process start();

  /** The long-run share of datagrams lost. */
  double meanLoss();

  /** Decides, one datagram at a time, whether it is lost. */
  interface Process {
    boolean drop(Random random);
  }

  /** Every datagram is lost with the same probability, independently of the others. */
  record Independent(double probability) implements LossModel {
    public Independent {
      requireProbability(probability);
    }

    @Override
    public Process start() {
      return random -> probability > 0 && random.nextDouble() < probability;
    }

    @Override
    public double meanLoss() {
      return probability;
    }
  }

  /**
   * Bursty loss, Gilbert–Elliott with a lossless good state and a bad state that loses everything: the path
   * turns bad with probability {@code goodToBad} per datagram and recovers with {@code badToGood}, so bursts
   * last {@code 1 / badToGood} datagrams on average.
   */
  record GilbertElliott(double goodToBad, double badToGood) implements LossModel {
    public GilbertElliott {
      requireProbability(goodToBad);
      requireProbability(badToGood);
      if (badToGood == 0) {
        throw new IllegalArgumentException("a bad state that never recovers loses everything");
      }
    }

    /** The model losing {@code meanLoss} of all datagrams in bursts of {@code meanBurst} datagrams on average. */
    public static GilbertElliott of(double meanLoss, double meanBurst) {
      if (meanLoss <= 0 || meanLoss >= 1 || meanBurst < 1) {
        throw new IllegalArgumentException("bursty loss needs 0 < loss < 100% and a mean burst of at least 1 datagram");
      }
      double recover = 1 / meanBurst;
      return new GilbertElliott(Math.min(1, meanLoss * recover / (1 - meanLoss)), recover);
    }

    @Override
    public Process start() {
      return new Process() {
        private boolean bad;

        @Override
        public boolean drop(Random random) {
          bad = bad ? random.nextDouble() >= badToGood : random.nextDouble() < goodToBad;
          return bad;
        }
      };
    }

    @Override
    public double meanLoss() {
      return goodToBad / (goodToBad + badToGood);
    }
  }

  private static void requireProbability(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("a probability must be between 0 and 1: " + p);
    }
  }
}
