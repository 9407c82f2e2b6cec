package dev.eddy.peer.swarm;

import dev.eddy.peer.merkle.BinHash;
import dev.eddy.peer.merkle.Hash;
import dev.eddy.peer.merkle.HashFunction;
import dev.eddy.peer.merkle.MerkleTree;
import dev.eddy.peer.merkle.MerkleVerifier;
import dev.eddy.peer.merkle.ReceiverKnowledge;
import dev.eddy.peer.storage.ChunkSource;
import dev.eddy.peer.storage.ChunkStore;
import dev.eddy.peer.storage.DiskFullException;
import io.netty.buffer.ByteBuf;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * One swarm (one content, one swarm ID = Merkle root hash) in this peer: which chunks we hold, the hash
 * tree (complete when seeding, growing as chunks verify when downloading), where the bytes live, who picks
 * the next chunks, and the channels taking part. All methods run on the peer's event loop.
 */
public final class Swarm {
  /** What became of a received chunk. */
  public enum Outcome {
    /** Verified and written: acknowledge and announce it. */
    VERIFIED,
    /** Already held (a duplicate or a late retransmission): acknowledge, nothing else. */
    DUPLICATE,
    /** Cannot be checked yet (hashes missing): dropped silently, it will be requested again. */
    UNVERIFIABLE,
    /** Failed verification: the sender is lying or broken. */
    INTEGRITY_FAILURE,
    /** Verified, but writing it failed; the swarm listener has been told. */
    STORAGE_FAILURE
  }

  private final Hash rootHash;
  private final String idHex;
  private final HashFunction hashFunction;
  private final int chunkSize;
  private final SwarmListener listener;
  private final List<SwarmMember> members = new ArrayList<>();
  private final BitSet held = new BitSet();
  private long heldCount;

  // Seeding: the whole tree and the file. Downloading: the verifier, the store (once the size is known)
  // and the picker.
  private final MerkleTree tree;
  private final ChunkSource source;
  private final MerkleVerifier verifier;
  private final Path target;
  private ChunkStore store;
  private ChunkPicker picker;
  private long chunkCount;
  private int lastChunkLength;
  private boolean complete;

  private long bytesUploaded;
  private long bytesDownloaded;
  private long integrityFailures;

  private Swarm(
      Hash rootHash, HashFunction hashFunction, int chunkSize, MerkleTree tree, ChunkSource source,
      MerkleVerifier verifier, Path target, SwarmListener listener) {
    this.rootHash = rootHash;
    this.idHex = rootHash.toHex();
    this.hashFunction = hashFunction;
    this.chunkSize = chunkSize;
    this.tree = tree;
    this.source = source;
    this.verifier = verifier;
    this.target = target;
    this.listener = listener;
  }

  /** A swarm for content we hold completely, hashed into {@code tree}. */
  public static Swarm seeding(MerkleTree tree, ChunkSource source) {
    Swarm s = new Swarm(
        tree.rootHash(), tree.hashFunction(), tree.layout().chunkSize(), tree, source, null, null, SwarmListener.NONE);
    s.chunkCount = tree.chunkCount();
    s.held.set(0, (int) s.chunkCount);
    s.heldCount = s.chunkCount;
    s.lastChunkLength = s.chunkCount == 0 ? 0 : tree.layout().length(s.chunkCount - 1);
    s.complete = true;
    return s;
  }

  /**
   * A swarm to download into {@code target}: we know only the root hash; the size follows from the first
   * verified peaks, and the file appears at {@code target} only when complete.
   */
  public static Swarm downloading(
      Hash rootHash, HashFunction hashFunction, int chunkSize, Path target, SwarmListener listener) {
    Swarm s = new Swarm(
        rootHash, hashFunction, chunkSize, null, null, new MerkleVerifier(rootHash, hashFunction, chunkSize), target, listener);
    s.chunkCount = -1;
    return s;
  }

  public Hash rootHash() {
    return rootHash;
  }

  /** The swarm ID in lower-case hex. */
  public String idHex() {
    return idHex;
  }

  public HashFunction hashFunction() {
    return hashFunction;
  }

  public int chunkSize() {
    return chunkSize;
  }

  /** Number of chunks, or -1 while unknown (a download before the peaks verified). */
  public long chunkCount() {
    return chunkCount;
  }

  public boolean isComplete() {
    return complete;
  }

  public boolean holds(long chunk) {
    return chunk >= 0 && chunk < chunkCount && held.get((int) chunk);
  }

  public long chunksHeld() {
    return heldCount;
  }

  public void join(SwarmMember member) {
    members.add(member);
  }

  public void leave(SwarmMember member) {
    members.remove(member);
  }

  public int memberCount() {
    return members.size();
  }

  // ---- serving ------------------------------------------------------------------------------------------

  /** Whether we can serve chunks (the full tree is known). Partial seeding fits here later. */
  public boolean canServe() {
    return tree != null;
  }

  /** Bins covering what we hold, for HAVE (the peaks when seeding, as libswift announces them). */
  public long[] haveBins() {
    if (tree != null) {
      return tree.peakBins();
    }
    return new long[0];
  }

  /** The hashes a receiver described by {@code knowledge} needs before DATA for {@code chunk}. */
  public List<BinHash> proof(long chunk, ReceiverKnowledge knowledge) {
    return tree.proof(chunk, knowledge);
  }

  public int chunkLength(long chunk) {
    return chunk == chunkCount - 1 ? lastChunkLength : chunkSize;
  }

  /** Appends chunk {@code chunk}'s bytes to {@code out}, read straight from the file. */
  public void readChunk(long chunk, ByteBuf out) throws IOException {
    int length = chunkLength(chunk);
    out.ensureWritable(length);
    int read = source.readChunk(chunk, out.nioBuffer(out.writerIndex(), length));
    out.writerIndex(out.writerIndex() + read);
  }

  public void onUploaded(int bytes) {
    bytesUploaded += bytes;
  }

  // ---- downloading --------------------------------------------------------------------------------------

  /** The picker, once the content size is known; null before (then only the first chunk is asked for). */
  public ChunkPicker picker() {
    return picker;
  }

  /**
   * A DATA payload arrived with the INTEGRITY hashes that preceded it in its datagram. Verifies it before
   * anything else happens; only verified bytes are written and announced.
   */
  public Outcome onData(long chunk, ByteBuf payload, List<BinHash> integrity) {
    if (verifier == null) {
      return Outcome.DUPLICATE;
    }
    ByteBuffer bytes = payload.nioBuffer();
    // Duplicates are checked too (one hash against the stored leaf): a lying peer is caught whenever it lies.
    MerkleVerifier.Result result = verifier.verify(chunk, bytes.duplicate(), integrity);
    if (holds(chunk)) {
      if (result == MerkleVerifier.Result.HASH_MISMATCH || result == MerkleVerifier.Result.BAD_LENGTH) {
        integrityFailures++;
        return Outcome.INTEGRITY_FAILURE;
      }
      return Outcome.DUPLICATE;
    }
    switch (result) {
      case VERIFIED:
        break;
      case MISSING_HASHES:
      case PEAKS_UNKNOWN:
        return Outcome.UNVERIFIABLE;
      default:
        integrityFailures++;
        return Outcome.INTEGRITY_FAILURE;
    }
    try {
      if (chunkCount < 0) {
        learnSize(verifier.chunkCount());
      }
      store.write(chunk, bytes);
    } catch (IOException e) {
      listener.onStorageFailure(this, e.getMessage() == null ? e.toString() : e.getMessage(), e instanceof DiskFullException);
      return Outcome.STORAGE_FAILURE;
    }
    held.set((int) chunk);
    heldCount++;
    picker.onVerified(chunk);
    bytesDownloaded += bytes.remaining();
    if (chunk == chunkCount - 1) {
      lastChunkLength = bytes.remaining();
    }
    for (int i = 0; i < members.size(); i++) { // indexed: no iterator per chunk; cancelling never leaves
      members.get(i).cancelIfRequested(chunk);
    }
    if (heldCount == chunkCount) {
      finish();
    }
    return Outcome.VERIFIED;
  }

  /** Newly verified chunks are announced in batches (one HAVE per run per read batch), see {@link #announce}. */
  public void announce(long first, long last) {
    for (SwarmMember m : members) {
      m.announce(first, last);
    }
  }

  public long integrityFailures() {
    return integrityFailures;
  }

  public long bytesUploaded() {
    return bytesUploaded;
  }

  public long bytesDownloaded() {
    return bytesDownloaded;
  }

  /** Content length in bytes, known once the size and the last chunk are. */
  public long contentLength() {
    return chunkCount <= 0 ? 0 : (chunkCount - 1) * chunkSize + lastChunkLength;
  }

  private void learnSize(long count) throws IOException {
    chunkCount = count;
    picker = new ChunkPicker(count, held);
    store = ChunkStore.create(target, chunkSize, count);
    for (SwarmMember m : List.copyOf(members)) {
      m.wakeUp();
    }
  }

  private void finish() {
    try {
      store.finish();
    } catch (IOException e) {
      listener.onStorageFailure(this, e.getMessage() == null ? e.toString() : e.getMessage(), e instanceof DiskFullException);
      return;
    }
    complete = true;
    listener.onComplete(this);
  }

  /** Closes the content file (seeding) or the output (downloading). */
  public void close() {
    try {
      if (source instanceof Closeable c) {
        c.close();
      }
      if (store != null && !complete) {
        store.close(); // the partial file stays as NAME.part; it never takes the target's name
      }
    } catch (IOException ignored) {
      // Closing after the transfer ended: nothing left to save.
    }
  }
}
