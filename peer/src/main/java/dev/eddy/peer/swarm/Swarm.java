package dev.eddy.peer.swarm;

import dev.eddy.peer.merkle.BinHash;
import dev.eddy.peer.merkle.Hash;
import dev.eddy.peer.merkle.HashFunction;
import dev.eddy.peer.merkle.MerkleTree;
import dev.eddy.peer.merkle.MerkleVerifier;
import dev.eddy.peer.merkle.ReceiverKnowledge;
import dev.eddy.peer.merkle.Bin;
import dev.eddy.peer.merkle.LongBitSet;
import dev.eddy.peer.storage.Checkpoint;
import dev.eddy.peer.storage.Checkpointer;
import dev.eddy.peer.storage.ChunkSource;
import dev.eddy.peer.storage.ChunkStore;
import dev.eddy.peer.storage.ResumePlan;
import dev.eddy.peer.storage.ContentFile;
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
  // and the picker; what verified is served from the store, and from the finished file once complete.
  private final MerkleTree tree;
  private ChunkSource source;
  private final MerkleVerifier verifier;
  private final Path target;
  private ChunkStore store;
  private Checkpointer checkpointer;
  /** A partial file's own hash tree while it is re-verified (see {@link ResumePlan.Reverify}); null otherwise. */
  private MerkleTree partialTree;
  private boolean peaksCompared;
  /** Chunks taken from an earlier run's partial file instead of downloaded. */
  private long resumedChunks;
  private ChunkPicker.RangeSink onResumed = (first, last) -> {};
  private ChunkPicker picker;
  private Availability availability;
  private final PickOrder order;
  /** Where in-order picking starts (see {@link #playFrom}); handed to the picker once it exists. */
  private long playPosition;
  private long chunkCount;
  private int lastChunkLength;
  private boolean complete;
  /** Verified since the last {@link #announcePending}: announced together, one HAVE per run. */
  private final BitSet unannounced = new BitSet();

  private long bytesUploaded;
  private long bytesDownloaded;
  private long bytesReceived;
  private long chunksUploaded;
  private long chunksDownloaded;
  private long integrityFailures;
  private long duplicateChunks;
  private long requestsRefused;
  private final RecentUploads recentUploads = new RecentUploads();
  // Scratch sets of pick(), reused: a seeder's channel picks several times a second.
  private final BitSet heldByDownloaders = new BitSet();
  private final BitSet seederOnly = new BitSet();

  private Swarm(
      Hash rootHash, HashFunction hashFunction, int chunkSize, MerkleTree tree, ChunkSource source,
      MerkleVerifier verifier, Path target, PickOrder order, SwarmListener listener) {
    this.rootHash = rootHash;
    this.idHex = rootHash.toHex();
    this.hashFunction = hashFunction;
    this.chunkSize = chunkSize;
    this.tree = tree;
    this.source = source;
    this.verifier = verifier;
    this.target = target;
    this.order = order;
    this.listener = listener;
  }

  /** A swarm for content we hold completely, hashed into {@code tree}. */
  public static Swarm seeding(MerkleTree tree, ChunkSource source) {
    Swarm s = new Swarm(
        tree.rootHash(), tree.hashFunction(), tree.layout().chunkSize(), tree, source, null, null, PickOrder.RAREST_FIRST, SwarmListener.NONE);
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
      Hash rootHash, HashFunction hashFunction, int chunkSize, Path target, PickOrder order, SwarmListener listener) {
    try {
      return downloading(rootHash, hashFunction, chunkSize, target, order, listener, ResumePlan.FRESH);
    } catch (IOException e) {
      throw new AssertionError("a fresh download opens no file up front", e);
    }
  }

  /**
   * A download that starts from what an earlier run left ({@code resume}): from a checkpoint the size, the
   * verified hashes and the held chunks are known at once; a partial file being re-verified keeps its chunks
   * as the verified hashes confirm them.
   *
   * @throws IOException if the partial file named by a checkpoint cannot be opened
   */
  public static Swarm downloading(Hash rootHash, HashFunction hashFunction, int chunkSize, Path target, PickOrder order,
      SwarmListener listener, ResumePlan resume) throws IOException {
    MerkleVerifier verifier = resume instanceof ResumePlan.FromCheckpoint c
        ? MerkleVerifier.restore(rootHash, hashFunction, chunkSize, c.checkpoint().tree())
        : new MerkleVerifier(rootHash, hashFunction, chunkSize);
    Swarm s = new Swarm(rootHash, hashFunction, chunkSize, null, null, verifier, target, order, listener);
    s.chunkCount = -1;
    if (resume instanceof ResumePlan.FromCheckpoint c) {
      Checkpoint saved = c.checkpoint();
      s.learnSize(saved.chunkCount(), ChunkStore.resume(target, chunkSize, saved.chunkCount(), saved.held(), saved.lastChunkLength()));
      for (long chunk = saved.held().nextSetBit(0); chunk >= 0; chunk = saved.held().nextSetBit(chunk + 1)) {
        s.markVerified(chunk, chunk == saved.chunkCount() - 1 ? saved.lastChunkLength() : chunkSize);
      }
      s.resumedChunks = s.heldCount;
      s.unannounced.clear(); // announced to each channel as it opens
      if (s.heldCount == s.chunkCount) {
        s.finish();
      }
    } else if (resume instanceof ResumePlan.Reverify r) {
      s.partialTree = r.partialTree();
    }
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

  /** The first chunk we hold at or after {@code from}, or -1. */
  public long nextHeld(long from) {
    return from < 0 || from >= chunkCount ? -1 : held.nextSetBit((int) from);
  }

  /** The first chunk we lack at or after {@code from} (the chunk count when none is missing). */
  public long nextMissing(long from) {
    return from >= chunkCount ? chunkCount : Math.min(held.nextClearBit((int) Math.max(from, 0)), chunkCount);
  }

  public long chunksHeld() {
    return heldCount;
  }

  public void join(SwarmMember member) {
    members.add(member);
  }

  public void leave(SwarmMember member) {
    if (members.remove(member) && availability != null) {
      availability.removeAll(member.remoteHas());
    }
  }

  /**
   * {@code from}'s remote announced chunks {@code [first, last]}; {@code known} is what it had announced before
   * (the member records the announcement after this call). Counts toward rarest-first availability.
   *
   * <p>When the announcer is another downloader that serves us (does not choke us), the seeders we asked for
   * these chunks are asked no longer: their requests go back to the picker, for the announcer or anyone else
   * who has them. A seeder's upload is what a swarm behind it lacks most, and should go to the chunks no
   * downloader holds yet (see {@link #pick}); several of us asking a slow seeder for the same rare chunks
   * otherwise has it send each several times (it holds a second request back for a moment, {@link
   * #sentMomentsAgo}, for this to arrive).
   */
  public void onRemoteHave(SwarmMember from, BitSet known, long first, long last) {
    if (availability == null || first >= chunkCount) {
      return;
    }
    int end = (int) Math.min(last, chunkCount - 1) + 1;
    availability.add(known, (int) first, end);
    // A seeder's first HAVE (its record takes this run only after us) is no downloader's: its announcements
    // have not grown, so a second seeder takes nothing from the first. A downloader's last HAVE still counts.
    if (from.downloads() && from.servesUs()) {
      for (int i = 0; i < members.size(); i++) { // indexed: giving back never leaves the swarm
        SwarmMember m = members.get(i);
        if (m != from && seeds(m)) {
          m.giveBackRequested(first, end - 1);
        }
      }
    }
  }

  /**
   * Picks up to {@code max} chunks to ask {@code member}'s remote for (see {@link ChunkPicker#pick}). A seeder is
   * asked first for the chunks no downloader that serves us has announced: its upload is what a swarm behind it
   * lacks most, and a chunk a downloader holds can come from that downloader, whose upload would otherwise go
   * unused. On links shaped like the seeder's, asking it for them had it send 1.5-1.9 copies of the content,
   * nearly all of the extra to downloaders that had heard of another holder: their channel to the seeder had
   * room and rarest-first filled it with whatever was free; later, the only other holders were downloaders
   * that had completed, and so announced everything like a seeder (they count as downloaders here, see
   * {@link SwarmMember#downloads}). A chunk no serving downloader holds (its holders choke us, left, or let our
   * requests time out) comes from the seeder at once.
   *
   * <p>When that has left the seeder nothing to send us for a while ({@code idle}: nothing outstanding there for
   * a second, see the channel's requester), it is asked for the others too. Without this, a fast seeder would
   * never serve what a slow downloader holds, and a download (or a player reading in order) would go at that
   * downloader's pace; the price, measured behind shaped links, is that downloaders the seeder unchokes late
   * take some common chunks from it (0.5 of a copy in one run of eight when asked at once).
   */
  public int pick(SwarmMember member, BitSet requestedHere, int max, boolean idle, ChunkPicker.RangeSink sink) {
    BitSet has = member.remoteHas();
    if (seeds(member)) {
      heldByDownloaders.clear();
      for (int i = 0; i < members.size(); i++) {
        SwarmMember m = members.get(i);
        if (m != member && m.downloads() && m.servesUs()) {
          heldByDownloaders.or(m.remoteHas());
        }
      }
      if (!heldByDownloaders.isEmpty()) {
        seederOnly.clear();
        seederOnly.or(has);
        seederOnly.andNot(heldByDownloaders);
        int picked = picker.pick(seederOnly, requestedHere, max, sink);
        if (picked > 0 || !idle) {
          return picked;
        }
      }
    }
    return picker.pick(has, requestedHere, max, sink);
  }

  /** A seeder, not a downloader that has completed: see {@link SwarmMember#downloads}. */
  private static boolean seeds(SwarmMember m) {
    return m.remoteHasEverything() && !m.downloads();
  }

  /** Chunks requested through {@code from} were given back: the other members may ask for them now. */
  public void wakeOthers(SwarmMember from) {
    for (SwarmMember m : List.copyOf(members)) {
      if (m != from) {
        m.wakeUp();
      }
    }
  }

  public int memberCount() {
    return members.size();
  }

  // ---- serving ------------------------------------------------------------------------------------------

  /**
   * Whether we hold anything to serve: a seeder always, a downloader once its first chunk verified (the
   * size is then known, and every chunk it holds can be proven from its partial tree). Which chunks it
   * holds is {@link #holds}; the channel passes on only requests for those.
   */
  public boolean canServe() {
    return source != null && heldCount > 0;
  }

  /** Calls {@code sink} with each run of chunks we hold, in order (what HAVE announces on a new channel). */
  public void forEachHeldRun(ChunkPicker.RangeSink sink) {
    for (int first = held.nextSetBit(0); first >= 0; ) {
      int end = held.nextClearBit(first);
      sink.accept(first, end - 1);
      first = held.nextSetBit(end);
    }
  }

  /**
   * The hashes a receiver described by {@code knowledge} needs before DATA for {@code chunk}, a chunk we
   * hold: from the whole tree when seeding, from the verified part of it when downloading.
   */
  public List<BinHash> proof(long chunk, ReceiverKnowledge knowledge) {
    return tree != null ? tree.proof(chunk, knowledge) : verifier.proof(chunk, knowledge);
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

  /** Chunk {@code chunk} of {@code bytes} sent at {@code nowNs} (retransmissions too). */
  public void onUploaded(long chunk, int bytes, long nowNs) {
    bytesUploaded += bytes;
    chunksUploaded++;
    if (complete) {
      recentUploads.onSent(chunk, nowNs); // only a seeder holds chunks back (sentMomentsAgo)
    }
  }

  /**
   * Whether a request for {@code chunk} should wait: we seed, and sent it to a downloader moments ago, who
   * will announce it to the others (see {@link RecentUploads} and {@link #onRemoteHave}). Only with other
   * channels in the swarm: a lone downloader's request for a chunk we sent it (one presumed lost and asked
   * again) has no one else to get it from.
   */
  public boolean sentMomentsAgo(long chunk, long nowNs) {
    return complete && members.size() > 1 && recentUploads.isHeld(chunk, nowNs);
  }

  // ---- downloading --------------------------------------------------------------------------------------

  /** The picker, once the content size is known; null before (then only the first chunk is asked for). */
  public ChunkPicker picker() {
    return picker;
  }

  /**
   * In-order picking ({@link PickOrder#SEQUENTIAL}) continues from {@code chunk}, where a reader of the content
   * (the HTTP gateway's newest waiting request) needs data next; the chunks before it come after the end. The
   * channels ask for it as soon as their request windows have room (already requested chunks still come).
   */
  public void playFrom(long chunk) {
    playPosition = chunk;
    if (picker != null) {
      picker.moveTo(chunk);
      for (SwarmMember m : List.copyOf(members)) {
        m.wakeUp();
      }
    }
  }

  /**
   * Where the chunks we hold can be read: the download's store, and the finished file from completion on (null
   * before the first chunk, and if the finished file cannot be opened). Both read safely from any thread, but
   * the field changes on the event loop: a reader elsewhere takes it from there, and a store that it reads as
   * the download completes may be closed under it ({@link java.nio.channels.ClosedChannelException}).
   */
  public ChunkSource source() {
    return source;
  }

  /**
   * A DATA payload arrived with the INTEGRITY hashes that preceded it in its datagram. Verifies it before
   * anything else happens; only verified bytes are written and announced.
   */
  public Outcome onData(long chunk, ByteBuf payload, List<BinHash> integrity) {
    if (verifier == null) {
      return Outcome.DUPLICATE;
    }
    bytesReceived += payload.readableBytes();
    return verify(chunk, payload, integrity);
  }

  /**
   * A DATA payload that arrived earlier ahead of its proof and was held, tried again: as {@link #onData},
   * but its bytes were counted when it arrived.
   */
  public Outcome onHeldData(long chunk, ByteBuf payload, List<BinHash> integrity) {
    return verifier == null ? Outcome.DUPLICATE : verify(chunk, payload, integrity);
  }

  private Outcome verify(long chunk, ByteBuf payload, List<BinHash> integrity) {
    ByteBuffer bytes = payload.nioBuffer();
    // Duplicates are checked too (one hash against the stored leaf): a lying peer is caught whenever it lies.
    MerkleVerifier.Result result = verifier.verify(chunk, bytes.duplicate(), integrity);
    if (holds(chunk)) {
      if (result == MerkleVerifier.Result.HASH_MISMATCH || result == MerkleVerifier.Result.BAD_LENGTH) {
        integrityFailures++;
        return Outcome.INTEGRITY_FAILURE;
      }
      duplicateChunks++;
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
        learnSize(verifier.chunkCount(), openStore(verifier.chunkCount()));
      }
      store.write(chunk, bytes);
    } catch (IOException e) {
      listener.onStorageFailure(this, e.getMessage() == null ? e.toString() : e.getMessage(), e instanceof DiskFullException);
      return Outcome.STORAGE_FAILURE;
    }
    markVerified(chunk, bytes.remaining());
    bytesDownloaded += bytes.remaining();
    chunksDownloaded++;
    if (partialTree != null) {
      adoptAround(chunk);
    }
    if (heldCount == chunkCount) {
      finish();
    }
    return Outcome.VERIFIED;
  }

  private void markVerified(long chunk, int length) {
    held.set((int) chunk);
    heldCount++;
    unannounced.set((int) chunk);
    picker.onVerified(chunk);
    if (chunk == chunkCount - 1) {
      lastChunkLength = length;
    }
    for (int i = 0; i < members.size(); i++) { // indexed: no iterator per chunk; cancelling never leaves
      members.get(i).cancelIfRequested(chunk);
    }
  }

  /**
   * Re-verifying a partial file: {@code chunk} just verified, so every sibling on its path is now a verified
   * hash (and the peaks, the first time); each one the partial file's tree agrees with makes its chunks held.
   */
  private void adoptAround(long chunk) {
    if (!peaksCompared) {
      peaksCompared = true;
      for (BinHash peak : verifier.peaks()) {
        adopt(peak.bin());
      }
    }
    long peak = Bin.NONE;
    for (BinHash p : verifier.peaks()) {
      if (Bin.containsChunk(p.bin(), chunk)) {
        peak = p.bin();
      }
    }
    for (long node = Bin.ofChunk(chunk); node != peak; node = Bin.parent(node)) {
      adopt(Bin.sibling(node));
    }
    if (heldCount == chunkCount) {
      partialTree = null;
    }
  }

  private void adopt(long bin) {
    long first = Bin.firstChunk(bin);
    long last = Math.min(Bin.lastChunk(bin), chunkCount - 1);
    if (nextMissing(first) > last || !verifier.adopt(bin, partialTree)) {
      return;
    }
    long runStart = -1;
    long previous = -2;
    for (long c = nextMissing(first); c <= last; c = nextMissing(c + 1)) {
      store.markHeld(c);
      markVerified(c, chunkSize);
      resumedChunks++;
      if (c != previous + 1) {
        if (runStart >= 0) {
          onResumed.accept(runStart, previous);
        }
        runStart = c;
      }
      previous = c;
    }
    if (runStart >= 0) {
      onResumed.accept(runStart, previous);
    }
  }

  /**
   * Tells {@code sink} of each run of chunks this download takes from an earlier run's partial file as it
   * re-verifies it: held without being received, so no channel reports them. (Chunks a checkpoint restored
   * are held from the start, for {@link #forEachHeldRun}.)
   */
  public void onResumed(ChunkPicker.RangeSink sink) {
    onResumed = sink;
  }

  /**
   * The store for {@code count} chunks: the partial file kept as it is while it is re-verified (if its size
   * fits), else a new one.
   */
  private ChunkStore openStore(long count) throws IOException {
    if (partialTree != null && partialTree.chunkCount() == count) {
      return ChunkStore.resume(target, chunkSize, count, new LongBitSet(count), 0);
    }
    partialTree = null;
    return ChunkStore.create(target, chunkSize, count);
  }

  /** Saves a checkpoint if one is due (called on every tick). */
  public void onTick(long nowNs) {
    if (checkpointer != null && !complete) {
      checkpointer.onTick(nowNs, this::checkpoint);
    }
  }

  private Checkpoint checkpoint() throws IOException {
    ChunkStore.HeldState state = store.heldState();
    try {
      return new Checkpoint(rootHash, hashFunction, chunkSize, state.lastChunkLength(), state.held(), verifier.snapshot());
    } catch (ArithmeticException e) {
      throw new IOException("over 2 GiB of verified hashes: too large for a checkpoint");
    }
  }

  /**
   * Announces the chunks verified since the last call to every channel, one run at a time: called once per
   * read batch and timer tick, so a burst of chunks costs one HAVE per run, not one per chunk.
   */
  public void announcePending() {
    if (unannounced.isEmpty()) {
      return;
    }
    for (int first = unannounced.nextSetBit(0); first >= 0; ) {
      int end = unannounced.nextClearBit(first);
      for (int i = 0; i < members.size(); i++) {
        members.get(i).announce(first, end - 1);
      }
      first = unannounced.nextSetBit(end);
    }
    unannounced.clear();
  }

  /** A REQUEST from a peer we choke arrived: not served. */
  public void onRequestRefused() {
    requestsRefused++;
  }

  /** REQUEST messages not served because we choked their sender. */
  public long requestsRefused() {
    return requestsRefused;
  }

  /** Chunks received again after they had verified (from another peer, or a late retransmission). */
  public long duplicateChunks() {
    return duplicateChunks;
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

  /** Chunk bytes received from peers (verified, duplicate or failed alike). */
  public long bytesReceived() {
    return bytesReceived;
  }

  /** Chunks taken from an earlier run's partial file (by checkpoint or re-verified in place). */
  public long resumedChunks() {
    return resumedChunks;
  }

  /** Chunks sent, retransmissions included. */
  public long chunksUploaded() {
    return chunksUploaded;
  }

  /** Chunks received and verified. */
  public long chunksDownloaded() {
    return chunksDownloaded;
  }

  /** Content length in bytes, known once the size and the last chunk are. */
  public long contentLength() {
    return chunkCount <= 0 ? 0 : (chunkCount - 1) * chunkSize + lastChunkLength;
  }

  private void learnSize(long count, ChunkStore opened) throws IOException {
    chunkCount = count;
    if (count > Integer.MAX_VALUE) {
      opened.close();
      throw new IOException("content too large: " + count + " chunks");
    }
    availability = new Availability((int) count);
    for (SwarmMember m : members) {
      availability.addAll(m.remoteHas());
    }
    picker = new ChunkPicker(count, held, availability, order, new java.util.Random());
    store = opened;
    checkpointer = new Checkpointer(store);
    source = store;
    picker.moveTo(playPosition);
    for (SwarmMember m : List.copyOf(members)) {
      m.wakeUp();
    }
  }

  private void finish() {
    source = null; // the store closes its file now; serving resumes from the finished file below
    checkpointer.delete(); // were finishing to fail, the next run re-verifies the complete partial file
    try {
      store.finish();
    } catch (IOException e) {
      listener.onStorageFailure(this, e.getMessage() == null ? e.toString() : e.getMessage(), e instanceof DiskFullException);
      return;
    }
    complete = true;
    try {
      source = ContentFile.open(target, chunkSize); // the store's file was closed and renamed: keep serving
    } catch (IOException e) {
      source = null; // nothing left to serve from; the download itself is complete
    }
    listener.onComplete(this);
  }

  /** Closes the content file (seeding) or the output (downloading). */
  public void close() {
    try {
      if (source instanceof Closeable c && source != store) {
        c.close();
      }
      if (store != null && !complete) {
        checkpointer.saveNow(this::checkpoint);
        store.close(); // the partial file stays as NAME.part; it never takes the target's name
      }
    } catch (IOException ignored) {
      // Closing after the transfer ended: nothing left to save.
    }
  }
}
