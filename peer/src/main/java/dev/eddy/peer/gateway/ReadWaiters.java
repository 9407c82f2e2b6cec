package dev.eddy.peer.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongPredicate;

/**
 * Readers waiting for bytes that have not arrived, each with the position it needs. Not thread-safe: the
 * content that owns it calls it under its own lock, and completes the futures it hands back outside that lock
 * (a completion runs the reader's continuation).
 */
final class ReadWaiters {
  private record Waiter(long position, CompletableFuture<Void> future) {}

  private final List<Waiter> waiters = new ArrayList<>();

  void add(long position, CompletableFuture<Void> future) {
    waiters.add(new Waiter(position, future));
  }

  /** Removes the waiters whose position {@code satisfied} accepts now; returns their futures. */
  List<CompletableFuture<Void>> takeReady(LongPredicate satisfied) {
    List<CompletableFuture<Void>> ready = new ArrayList<>();
    for (int i = waiters.size() - 1; i >= 0; i--) {
      if (satisfied.test(waiters.get(i).position())) {
        ready.add(waiters.remove(i).future());
      }
    }
    return ready;
  }

  /** Removes every waiter; returns their futures. */
  List<CompletableFuture<Void>> takeAll() {
    List<CompletableFuture<Void>> all = waiters.stream().map(Waiter::future).toList();
    waiters.clear();
    return all;
  }

  /** A waiter whose future completed otherwise (its client went away) leaves. */
  void forget(CompletableFuture<Void> future) {
    waiters.removeIf(w -> w.future() == future);
  }

  int size() {
    return waiters.size();
  }

  boolean isEmpty() {
    return waiters.isEmpty();
  }

  /** The position the most recent waiter needs; only when there is one. */
  long newestPosition() {
    return waiters.get(waiters.size() - 1).position();
  }
}
