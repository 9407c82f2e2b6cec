package dev.eddy.peer.storage;

import dev.eddy.peer.merkle.Hash;
import dev.eddy.peer.merkle.HashFunction;
import dev.eddy.peer.merkle.LongBitSet;
import dev.eddy.peer.merkle.MerkleVerifier;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * What a download had verified when it was saved: the chunks held in the partial file and the verified part of
 * the hash tree. The format is described in the package documentation; {@link #read} trusts nothing it cannot
 * check and says exactly why it refuses a file.
 *
 * @param held the chunks whose verified bytes are in the partial file
 * @param lastChunkLength the last chunk's length once it is held, else 0
 */
public record Checkpoint(
    Hash rootHash, HashFunction hashFunction, int chunkSize, int lastChunkLength, LongBitSet held,
    MerkleVerifier.Snapshot tree) {
  /** Suffix after the partial file's name. */
  public static final String SUFFIX = ".checkpoint";

  static final byte[] MAGIC = "EDDYCKPT".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  /** Bytes before the root hash (magic, version, length, hash function, root length) and between it and the bitmaps. */
  private static final int HEADER_BYTES = 8 + 4 + 8 + 1 + 1 + 4 + 8 + 4;

  /** A checkpoint that cannot be used; the message says why, in words for the user. */
  public static final class RejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    RejectedException(String message) {
      super(message);
    }
  }

  /** Where the checkpoint of {@code partialFile} lives: beside it. */
  public static Path fileOf(Path partialFile) {
    return partialFile.resolveSibling(partialFile.getFileName() + SUFFIX);
  }

  public long chunkCount() {
    return tree.chunkCount();
  }

  /**
   * Writes this checkpoint to {@code file} so that a crash at any moment leaves either the previous checkpoint
   * or this one: a temporary file beside it is written and forced to the device, renamed over {@code file}, and
   * the directory forced so that the rename survives too.
   */
  public void writeAtomically(Path file) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      CRC32C crc = new CRC32C();
      DataOutputStream out = new DataOutputStream(
          new CheckedOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16), crc));
      long[] heldWords = held.toWords();
      long[] knownWords = tree.known().toWords();
      out.write(MAGIC);
      out.writeInt(VERSION);
      out.writeLong(HEADER_BYTES + rootHash.length() + 8L * (heldWords.length + knownWords.length) + tree.hashes().length + 4);
      out.writeByte(hashFunction.code());
      out.writeByte(rootHash.length());
      out.write(rootHash.toByteArray());
      out.writeInt(chunkSize);
      out.writeLong(chunkCount());
      out.writeInt(lastChunkLength);
      for (long word : heldWords) {
        out.writeLong(word);
      }
      for (long word : knownWords) {
        out.writeLong(word);
      }
      out.write(tree.hashes());
      out.writeInt((int) crc.getValue()); // of every byte before it
      out.flush();
      channel.force(true);
    }
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    forceDirectory(file.toAbsolutePath().getParent());
  }

  private static void forceDirectory(Path directory) {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Some systems cannot open a directory for fsync; the rename itself was atomic.
    }
  }

  /**
   * Reads the checkpoint in {@code file} for a download of {@code rootHash} with {@code chunkSize}-byte chunks
   * whose partial file has {@code partialSize} bytes.
   *
   * @throws RejectedException if it is truncated, corrupt (checksum, shape, hashes that do not lead to the
   *     root) or stale (another swarm, hash function, chunk size or content size than this download's)
   * @throws IOException if it cannot be read at all
   */
  public static Checkpoint read(Path file, Hash rootHash, HashFunction hashFunction, int chunkSize, long partialSize)
      throws IOException, RejectedException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long fileSize = channel.size();
      // First the whole file's integrity, so that a damaged byte anywhere is reported as what it is.
      DataInputStream in = stream(channel);
      byte[] magic = in.readNBytes(MAGIC.length);
      if (magic.length == MAGIC.length && !Arrays.equals(magic, MAGIC)) {
        throw new RejectedException("not an eddy checkpoint (it starts with other bytes)");
      }
      if (fileSize < MAGIC.length + 12) {
        throw new RejectedException("truncated: " + fileSize + " bytes");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new RejectedException("format version " + version + ", this eddy reads version " + VERSION);
      }
      long length = in.readLong();
      if (fileSize != length) {
        throw new RejectedException((fileSize < length ? "truncated: " : "corrupt: ") + fileSize + " bytes, its header says " + length);
      }
      CRC32C crc = new CRC32C();
      channel.position(0);
      ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
      for (long left = fileSize - 4; left > 0; ) {
        buffer.clear().limit((int) Math.min(buffer.capacity(), left));
        int read = channel.read(buffer);
        if (read < 0) {
          throw new RejectedException("truncated while being read");
        }
        crc.update(buffer.flip());
        left -= read;
      }
      buffer.clear().limit(4);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // the stored checksum: the last four bytes
      }
      if (buffer.hasRemaining() || buffer.flip().getInt() != (int) crc.getValue()) {
        throw new RejectedException("corrupt: checksum mismatch (CRC32C)");
      }
      channel.position(MAGIC.length + 12);
      return parse(stream(channel), rootHash, hashFunction, chunkSize, partialSize, fileSize);
    } catch (EOFException e) {
      throw new RejectedException("truncated: it ends too soon");
    }
  }

  private static DataInputStream stream(FileChannel channel) {
    return new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
  }

  /** The fields after the length, from a file whose checksum matched: what does not fit is corrupt or stale. */
  private static Checkpoint parse(DataInputStream in, Hash rootHash, HashFunction hashFunction, int chunkSize,
      long partialSize, long fileSize) throws IOException, RejectedException {
    int functionCode = in.readUnsignedByte();
    HashFunction function = HashFunction.fromCode(functionCode)
        .orElseThrow(() -> new RejectedException("corrupt: unknown hash function " + functionCode));
    byte[] root = new byte[in.readUnsignedByte()];
    in.readFully(root);
    int savedChunkSize = in.readInt();
    long chunkCount = in.readLong();
    int lastChunkLength = in.readInt();
    Hash savedRoot = Hash.of(root);
    if (!savedRoot.equals(rootHash)) {
      throw new RejectedException("stale: it belongs to swarm " + savedRoot.toHex() + ", not " + rootHash.toHex());
    }
    if (function != hashFunction) {
      throw new RejectedException("stale: made with " + function.algorithm() + ", this download uses " + hashFunction.algorithm());
    }
    if (savedChunkSize != chunkSize) {
      throw new RejectedException("stale: made with " + savedChunkSize + "-byte chunks, this download uses " + chunkSize);
    }
    if (chunkCount < 1 || chunkCount > MerkleVerifier.DEFAULT_MAX_CHUNK_COUNT) {
      throw new RejectedException("corrupt: it claims " + chunkCount + " chunks");
    }
    if (chunkCount * chunkSize != partialSize) {
      throw new RejectedException("stale: it describes " + chunkCount + " chunks (" + chunkCount * chunkSize
          + " bytes), the partial file has " + partialSize + " bytes");
    }
    long heldWords = (chunkCount + 63) >>> 6;
    long knownWords = (2 * chunkCount - 1 + 63) >>> 6;
    long withoutHashes = HEADER_BYTES + root.length + 8 * (heldWords + knownWords) + 4;
    if (fileSize < withoutHashes) {
      throw new RejectedException("corrupt: " + fileSize + " bytes cannot hold " + chunkCount + " chunks");
    }
    long[] heldBits = readWords(in, heldWords);
    long[] knownBits = readWords(in, knownWords);
    long knownCount = Arrays.stream(knownBits).map(Long::bitCount).sum();
    if (fileSize != withoutHashes + knownCount * function.length()) {
      throw new RejectedException("corrupt: " + knownCount + " hashes do not fill its " + fileSize + " bytes");
    }
    byte[] hashes = new byte[Math.toIntExact(knownCount * function.length())];
    in.readFully(hashes);
    return validated(rootHash, function, chunkSize, chunkCount, lastChunkLength, heldBits, knownBits, hashes);
  }

  /** Checks what the checksum cannot: that the hashes lead to the root and every held chunk's hash is among them. */
  private static Checkpoint validated(Hash rootHash, HashFunction function, int chunkSize, long chunkCount,
      int lastChunkLength, long[] heldBits, long[] knownBits, byte[] hashes) throws RejectedException {
    try {
      LongBitSet held = LongBitSet.fromWords(chunkCount, heldBits);
      MerkleVerifier.Snapshot tree = new MerkleVerifier.Snapshot(chunkCount, LongBitSet.fromWords(2 * chunkCount - 1, knownBits), hashes);
      MerkleVerifier.restore(rootHash, function, chunkSize, tree);
      for (long c = held.nextSetBit(0); c >= 0; c = held.nextSetBit(c + 1)) {
        if (!tree.known().get(2 * c)) {
          throw new IllegalArgumentException("chunk " + c + " is marked held but its hash is not saved");
        }
      }
      boolean lastHeld = held.get(chunkCount - 1);
      if (lastHeld ? lastChunkLength < 1 || lastChunkLength > chunkSize : lastChunkLength != 0) {
        throw new IllegalArgumentException("last chunk length " + lastChunkLength + " does not fit");
      }
      return new Checkpoint(rootHash, function, chunkSize, lastChunkLength, held, tree);
    } catch (IllegalArgumentException e) {
      throw new RejectedException("corrupt: " + e.getMessage());
    }
  }

  private static long[] readWords(DataInputStream in, long count) throws IOException {
    long[] words = new long[Math.toIntExact(count)];
    for (int i = 0; i < words.length; i++) {
      words[i] = in.readLong();
    }
    return words;
  }
}
