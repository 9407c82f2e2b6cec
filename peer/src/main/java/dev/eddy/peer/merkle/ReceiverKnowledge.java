package dev.eddy.peer.merkle;

import java.util.List;

/**
 * A seeder's view of which tree hashes one receiver already holds, so INTEGRITY carries only what it lacks
 * (RFC 7574 §5.4 and §6.1). Fed from the receiver's ACKs and HAVEs: a receiver announces only verified
 * chunks, and verifying chunk {@code c} means it holds every hash on {@code c}'s path to its peak and each
 * of their siblings. So for a node {@code n} on the way up from a chunk, the receiver already knows {@code
 * n}'s hash as soon as {@code parent(n)} contains any announced chunk, and the uncles can stop there (the
 * same rule libswift applies). Peaks go with every proof until the receiver announces its first chunk, so a
 * lost first datagram cannot leave it unable to verify anything.
 *
 * <p>Announcements lag by a round trip, so hashes that went out are not yet known: while a sender builds
 * one batch of chunks (their hashes travel in one datagram ahead of them), {@link #onSent} counts each
 * hash once, and {@link #forgetSent} takes them back when the batch is sent. Each batch thus carries every
 * hash its chunks need that no acknowledged chunk proved, and a lost datagram of hashes leaves only its own
 * batch unverifiable.
 *
 * <p>Memory: two bits per bin (4 bits per chunk). Not thread-safe: one per channel, used on its event loop.
 */
public final class ReceiverKnowledge {
  private final TreeShape shape;
  /** Bit {@code b} set: the receiver has announced at least one chunk inside bin {@code b}. */
  private final LongBitSet announced;
  /** Bit {@code b} set: bin {@code b}'s hash goes out in the batch being built. */
  private final LongBitSet sent;

  public ReceiverKnowledge(long chunkCount) {
    this.shape = new TreeShape(chunkCount);
    this.announced = new LongBitSet(shape.slotCount());
    this.sent = new LongBitSet(shape.slotCount());
  }

  public long chunkCount() {
    return shape.chunkCount;
  }

  /** Records chunks {@code [first, last]} the receiver has verified (ACK or HAVE); chunks past the end are ignored. */
  public void onChunksVerified(long first, long last) {
    long end = Math.min(last, shape.chunkCount - 1);
    if (first < 0 || first > end) {
      return;
    }
    // In-order layout: a bin's number is the sum of its first and last chunk, so every bin numbered within
    // [2 * first, 2 * end] holds one of these chunks. The others that do are ancestors of `first` or `end`.
    announced.set(2 * first, 2 * end + 1);
    markAncestors(first, 2 * first, 2 * end);
    markAncestors(end, 2 * first, 2 * end);
  }

  private void markAncestors(long chunk, long rangeFrom, long rangeTo) {
    long peak = shape.peakOf(chunk);
    for (long node = Bin.ofChunk(chunk); node != peak; ) {
      node = Bin.parent(node);
      if (!announced.set(node) && (node < rangeFrom || node > rangeTo)) {
        break; // marked by an earlier announcement, which marked its ancestors too
      }
    }
  }

  /** {@code proof} goes out with a chunk: later proofs leave these hashes out (peaks excepted, see above). */
  public void onSent(List<BinHash> proof) {
    for (int i = 0; i < proof.size(); i++) {
      long bin = proof.get(i).bin();
      if (!shape.isPeak(bin)) {
        sent.set(bin);
      }
    }
  }

  /** Undoes {@link #onSent}: until acknowledged, these hashes go again with the next chunk needing them. */
  public void forgetSent(List<BinHash> proof) {
    for (int i = 0; i < proof.size(); i++) {
      sent.clear(proof.get(i).bin());
    }
  }

  /** True once the receiver has announced any chunk (so it holds the peak hashes). */
  public boolean knowsPeaks() {
    return announced.cardinality() > 0;
  }

  /** True if the receiver holds the hash of {@code bin}, a bin under one of the peaks. */
  public boolean knows(long bin) {
    if (shape.isPeak(bin)) {
      return knowsPeaks();
    }
    return shape.isFull(bin) && announced.get(Bin.parent(bin));
  }

  private boolean holdsOrWillHold(long bin) {
    return knows(bin) || sent.get(bin);
  }

  /**
   * The bins whose hashes must precede DATA for {@code chunk}, in libswift's order: the peaks (left to right)
   * if the receiver may lack them, then the uncles it lacks (and that are not on their way to it) from the
   * top of the tree down.
   */
  public long[] binsToSend(long chunk) {
    return proofBins(shape, chunk, this);
  }

  /** Proof bins for a receiver described by {@code known}, or for one that knows nothing when null. */
  static long[] proofBins(TreeShape shape, long chunk, ReceiverKnowledge known) {
    // Walks up from the chunk twice (count, then fill) rather than building the whole uncle path: this runs
    // for every chunk a seeder sends.
    long peak = shape.peakOf(chunk);
    int needed = 0;
    for (long node = Bin.ofChunk(chunk); node != peak && (known == null || !known.holdsOrWillHold(node)); node = Bin.parent(node)) {
      needed++; // the receiver cannot compute this node, so it needs the uncle it pairs with
    }
    boolean withPeaks = known == null || !known.knowsPeaks();
    int peakCount = withPeaks ? shape.peaks.length : 0;
    long[] bins = new long[peakCount + needed];
    System.arraycopy(shape.peaks, 0, bins, 0, peakCount);
    long node = Bin.ofChunk(chunk);
    for (int i = bins.length - 1; i >= peakCount; i--) { // uncles from the top down
      bins[i] = Bin.sibling(node);
      node = Bin.parent(node);
    }
    return bins;
  }
}
