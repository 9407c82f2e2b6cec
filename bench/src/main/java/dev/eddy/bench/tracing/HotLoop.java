package dev.eddy.bench.tracing;

/** A target for the latency script: one thread calling {@link Small#add} as fast as it can, forever. */
public final class HotLoop {
  private HotLoop() {}

  public static void main(String[] args) {
    System.out.println("ready");
    System.out.flush();
    int sum = 0;
    while (true) {
      for (int i = 0; i < 1_000_000; i++) {
        sum = Small.add(sum, i);
      }
      if (sum == 42) {
        System.out.println(sum); // keeps the loop from being optimised away
      }
    }
  }
}
