package dev.eddy.peer.live;

import dev.eddy.peer.merkle.Bin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * One live stream in this peer: the verified chunks and signed units inside the discard window, the
 * newest chunk known to exist, and (at a leecher) the ordered output. The window (RFC 7574 §6.2, option 7)
 * is the last {@code window} chunks up to the newest: everything older is dropped from memory, so memory
 * stays bounded whatever the stream's length, and a leecher's output skips what it never got. At the source
 * a {@link Signer} turns input into signed chunks. Confined to the event loop.
 */
public final class LiveStream {
  private final SwarmKey key;
  private final LiveIntegrity integrity;
  private final int chunkSize;
  private final long window;
  private final Signer signer;
  private final LiveOutput output;

  private final TreeMap<Long, byte[]> chunks = new TreeMap<>();
  /** Signed units by their first chunk. */
  private final TreeMap<Long, SignedUnit> units = new TreeMap<>();
  /** Signatures that failed, by their unit's first chunk: the same bytes are not checked (or counted) twice. */
  private final TreeMap<Long, byte[]> rejected = new TreeMap<>();
  private long newest = -1;
  private long windowStart;
  /** Source: the next chunk number, and the chunks of the unit being filled. */
  private long produced;

  private long signaturesVerified;
  private long signatureFailures;
  private long integrityFailures;

  private LiveStream(SwarmKey key, LiveIntegrity integrity, int chunkSize, long window, Signer signer, LiveOutput output) {
    if (chunkSize <= 0 || window < integrity.chunksPerSignature() || window > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("the discard window must hold at least one signed unit ("
          + integrity.chunksPerSignature() + " chunks), got " + window);
    }
    this.key = key;
    this.integrity = integrity;
    this.chunkSize = chunkSize;
    this.window = window;
    this.signer = signer;
    this.output = output;
  }

  /** The source's stream: signs what {@link #append} gives it. */
  public static LiveStream source(Signer signer, LiveIntegrity integrity, int chunkSize, long window) {
    return new LiveStream(signer.key(), integrity, chunkSize, window, signer, null);
  }

  /** A leecher's stream, written in order to {@code output}. */
  public static LiveStream leecher(SwarmKey key, LiveIntegrity integrity, int chunkSize, long window, LiveOutput output) {
    return new LiveStream(key, integrity, chunkSize, window, null, output);
  }

  public SwarmKey key() {
    return key;
  }

  public LiveIntegrity integrity() {
    return integrity;
  }

  public int chunkSize() {
    return chunkSize;
  }

  public long window() {
    return window;
  }

  boolean isSource() {
    return signer != null;
  }

  LiveOutput output() {
    return output;
  }

  long newest() {
    return newest;
  }

  long windowStart() {
    return windowStart;
  }

  byte[] chunk(long chunk) {
    return chunks.get(chunk);
  }

  boolean holds(long chunk) {
    return chunks.containsKey(chunk);
  }

  SignedUnit unit(long unitBin) {
    return units.get(Bin.firstChunk(unitBin));
  }

  public long signaturesVerified() {
    return signaturesVerified;
  }

  public long signatureFailures() {
    return signatureFailures;
  }

  public long integrityFailures() {
    return integrityFailures;
  }

  void countSignature(boolean verified) {
    if (verified) {
      signaturesVerified++;
    } else {
      signatureFailures++;
    }
  }

  boolean rejected(long unitBin, byte[] signature) {
    return java.util.Arrays.equals(rejected.get(Bin.firstChunk(unitBin)), signature);
  }

  void reject(long unitBin, byte[] signature) {
    rejected.put(Bin.firstChunk(unitBin), signature);
  }

  void countIntegrityFailure() {
    integrityFailures++;
  }

  /**
   * Source: the chunks read since the last call. Every complete unit is hashed and signed; with {@code end}
   * the last, partial unit is too (its missing leaves hash as empty), since no more input will come.
   *
   * @return the range of chunks now signed and announceable, or null when no unit completed
   */
  long[] append(java.util.List<byte[]> input, boolean end) {
    long firstNew = -1;
    long lastNew = -1;
    for (byte[] chunk : input) {
      chunks.put(produced++, chunk);
      if (produced % integrity.chunksPerSignature() == 0) {
        long unit = integrity.unitOf(produced - 1);
        sign(unit, produced - 1);
        firstNew = firstNew < 0 ? Bin.firstChunk(unit) : firstNew;
        lastNew = produced - 1;
      }
    }
    if (end && produced % integrity.chunksPerSignature() != 0) {
      long unit = integrity.unitOf(produced - 1);
      sign(unit, produced - 1);
      firstNew = firstNew < 0 ? Bin.firstChunk(unit) : firstNew;
      lastNew = produced - 1;
    }
    if (lastNew < 0) {
      return null;
    }
    advance(lastNew);
    return new long[] {firstNew, lastNew};
  }

  private void sign(long unit, long last) {
    long timestamp = System.currentTimeMillis() * 1000;
    if (integrity.signsAll()) {
      units.put(Bin.firstChunk(unit), new SignedUnit(unit, timestamp,
          signer.sign(integrity.plaintextToSign(unit, timestamp, chunks.get(Bin.firstChunk(unit))))));
      return;
    }
    Map<Long, byte[]> hashes = new java.util.HashMap<>();
    byte[] munro = hashSubtree(unit, last, hashes);
    SignedUnit signed = new SignedUnit(unit, timestamp, signer.sign(integrity.plaintextToSign(unit, timestamp, munro)));
    signed.hashes.putAll(hashes);
    units.put(Bin.firstChunk(unit), signed);
  }

  /** Hashes the subtree {@code bin} over the chunks held, up to chunk {@code last}; records every node. */
  private byte[] hashSubtree(long bin, long last, Map<Long, byte[]> into) {
    byte[] hash;
    if (Bin.firstChunk(bin) > last) {
      hash = LiveIntegrity.emptyHash();
    } else if (Bin.layer(bin) == 0) {
      hash = LiveIntegrity.leafHash(chunks.get(Bin.firstChunk(bin)));
    } else {
      hash = LiveIntegrity.parentHash(hashSubtree(Bin.leftChild(bin), last, into), hashSubtree(Bin.rightChild(bin), last, into));
    }
    into.put(bin, hash);
    return hash;
  }

  /** Leecher: a signed unit passed its signature check. */
  void trust(SignedUnit unit) {
    if (Bin.lastChunk(unit.bin) >= windowStart) {
      units.put(Bin.firstChunk(unit.bin), unit);
    }
  }

  /** Leecher: a chunk verified; kept for the output and for relaying. */
  void store(long chunk, byte[] bytes) {
    if (chunk >= windowStart && !chunks.containsKey(chunk)) {
      chunks.put(chunk, bytes);
    }
  }

  /**
   * A chunk up to {@code chunk} exists (announced by the source or a peer): moves the window's end, forgets
   * what falls out, and skips it in the output.
   *
   * @return whether the window moved
   */
  boolean advance(long chunk) {
    if (chunk <= newest) {
      return false;
    }
    newest = chunk;
    long start = Math.max(0, newest + 1 - window);
    if (start <= windowStart) {
      return false;
    }
    long skipped = output == null ? 0 : output.chunksSkipped();
    drainOutput(start);
    skipped = output == null ? 0 : output.chunksSkipped() - skipped;
    long discarded = chunks.headMap(start).size();
    chunks.headMap(start).clear();
    while (!units.isEmpty() && Bin.lastChunk(units.firstEntry().getValue().bin) < start) {
      units.pollFirstEntry();
    }
    rejected.headMap(start).clear();
    LiveEvents.windowAdvanced(key.hex(), start, newest, discarded, skipped);
    windowStart = start;
    return true;
  }

  /**
   * Writes every chunk the output can take in order; chunks before {@code skipBefore} that never came are
   * skipped. Nothing happens before the leecher has joined.
   */
  void drainOutput(long skipBefore) {
    if (output == null || !output.started()) {
      return;
    }
    try {
      while (true) {
        long next = output.next();
        byte[] chunk = chunks.get(next);
        if (chunk != null) {
          output.write(chunk);
        } else if (next < skipBefore) {
          output.skip();
        } else {
          break;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The stream ended (or we stop): whatever is still missing up to the newest chunk is skipped; closes the output. */
  void finishOutput() throws IOException {
    if (output != null) {
      if (output.started()) {
        drainOutput(newest + 1);
      }
      output.close();
    }
  }
}
