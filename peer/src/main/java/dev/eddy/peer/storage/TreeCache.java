package dev.eddy.peer.storage;

import dev.eddy.peer.merkle.ContentLayout;
import dev.eddy.peer.merkle.Hash;
import dev.eddy.peer.merkle.HashFunction;
import dev.eddy.peer.merkle.MerkleTree;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * A seeder's hash trees, kept between runs so that serving a file hashed before starts without reading it
 * again. A cached tree is used only while the file's size and modification time are those it was hashed at and
 * the cached hashes still lead to the root saved with them; anything else hashes the file again and replaces
 * the cache. The cache lives beside the file ({@code .NAME.CHUNKSIZE-FUNCTION.eddytree}, hidden, so {@code eddy
 * seed DIR} does not serve it) when that directory is writable, else under the user's cache directory
 * ({@code $XDG_CACHE_HOME/eddy/trees} or {@code ~/.cache/eddy/trees}). Format: see the package documentation.
 */
public final class TreeCache {
  static final byte[] MAGIC = "EDDYTREE".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;

  private TreeCache() {}

  /**
   * A tree and where it came from.
   *
   * @param cacheFile where the tree is cached (null if it could not be written)
   * @param fromCache whether it was read from the cache rather than hashed
   * @param note why the cache was not used, or could not be written (empty if nothing to say)
   */
  public record Loaded(MerkleTree tree, Path cacheFile, boolean fromCache, String note) {}

  /** The tree of {@code file}, from the cache if it is still valid, else hashed (and cached). */
  public static Loaded load(Path file, int chunkSize, HashFunction function) throws IOException {
    Stamp stamp = Stamp.of(file);
    Path cache = location(file, chunkSize, function);
    String note = "";
    try {
      MerkleTree cached = read(cache, stamp, chunkSize, function);
      return new Loaded(cached, cache, true, "");
    } catch (NoSuchFileException e) {
      // never hashed with these settings
    } catch (IOException e) {
      note = "cached tree " + cache + " not used (" + e.getMessage() + ")";
    }
    MerkleTree tree = MerkleTree.build(file, chunkSize, function);
    if (!Stamp.of(file).equals(stamp)) {
      return new Loaded(tree, null, false, note); // changed while being hashed: nothing worth caching
    }
    try {
      Files.createDirectories(cache.getParent());
      write(cache, stamp, tree);
    } catch (IOException e) {
      return new Loaded(tree, null, false, (note.isEmpty() ? "" : note + "; ") + "cannot cache the tree in " + cache + ": "
          + DiskFullException.reason(e));
    }
    return new Loaded(tree, cache, false, note);
  }

  /** Size and modification time: what must not have changed since the file was hashed. */
  private record Stamp(long size, long modifiedNanos) {
    static Stamp of(Path file) throws IOException {
      return new Stamp(Files.size(file), Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS));
    }
  }

  static Path location(Path file, int chunkSize, HashFunction function) {
    Path absolute = file.toAbsolutePath();
    String settings = chunkSize + "-" + function.cliName() + ".eddytree";
    Path directory = absolute.getParent();
    if (Files.isWritable(directory)) {
      return directory.resolve("." + absolute.getFileName() + "." + settings);
    }
    String base = System.getenv("XDG_CACHE_HOME");
    Path cacheHome = base != null && !base.isEmpty() ? Path.of(base) : Path.of(System.getProperty("user.home"), ".cache");
    byte[] pathHash = HashFunction.SHA1.newDigest().digest(absolute.toString().getBytes(StandardCharsets.UTF_8));
    return cacheHome.resolve("eddy").resolve("trees").resolve(HexFormat.of().formatHex(pathHash) + "-" + settings);
  }

  private static MerkleTree read(Path cache, Stamp stamp, int chunkSize, HashFunction function) throws IOException {
    CRC32C crc = new CRC32C();
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(cache), 1 << 16)) {
      CheckedInputStream checked = new CheckedInputStream(raw, crc);
      DataInputStream in = new DataInputStream(checked);
      byte[] magic = in.readNBytes(MAGIC.length);
      if (!Arrays.equals(magic, MAGIC) || in.readInt() != VERSION) {
        throw new IOException("not a tree cache of this version");
      }
      if (in.readUnsignedByte() != function.code() || in.readInt() != chunkSize) {
        throw new IOException("other chunk size or hash function");
      }
      long size = in.readLong();
      long modified = in.readLong();
      if (size != stamp.size() || modified != stamp.modifiedNanos()) {
        throw new IOException("the file changed since it was hashed");
      }
      Hash root = Hash.of(in.readNBytes(function.length()));
      MerkleTree tree = MerkleTree.readHashes(Channels.newChannel(checked), new ContentLayout(size, chunkSize), function);
      int computed = (int) crc.getValue();
      if (new DataInputStream(raw).readInt() != computed || raw.read() != -1) {
        throw new IOException("corrupt: checksum mismatch");
      }
      if (!tree.rootHash().equals(root)) {
        throw new IOException("corrupt: its hashes do not lead to its root hash");
      }
      return tree;
    } catch (java.io.EOFException e) {
      throw new IOException("truncated");
    }
  }

  private static void write(Path cache, Stamp stamp, MerkleTree tree) throws IOException {
    Path temp = Files.createTempFile(cache.getParent(), cache.getFileName().toString(), ".tmp");
    try {
      CRC32C crc = new CRC32C();
      try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
        CheckedOutputStream checked = new CheckedOutputStream(raw, crc);
        DataOutputStream out = new DataOutputStream(checked);
        out.write(MAGIC);
        out.writeInt(VERSION);
        out.writeByte(tree.hashFunction().code());
        out.writeInt(tree.layout().chunkSize());
        out.writeLong(stamp.size());
        out.writeLong(stamp.modifiedNanos());
        out.write(tree.rootHash().toByteArray());
        out.flush();
        tree.writeHashes(Channels.newChannel(checked));
        checked.flush();
        new DataOutputStream(raw).writeInt((int) crc.getValue());
      }
      try {
        Files.move(temp, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, cache, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
