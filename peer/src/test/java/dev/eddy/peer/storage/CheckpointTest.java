package dev.eddy.peer.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.peer.merkle.Hash;
import dev.eddy.peer.merkle.HashFunction;
import dev.eddy.peer.merkle.LongBitSet;
import dev.eddy.peer.merkle.MerkleTree;
import dev.eddy.peer.merkle.MerkleVerifier;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints written to real files and read back, whole and damaged in each way the reader must notice. */
class CheckpointTest {
  private static final int CHUNK = 1024;
  private static final int CHUNKS = 100;

  @TempDir Path tmp;
  private final byte[] content = new byte[CHUNKS * CHUNK - 300];
  private final MerkleTree tree;
  private final Checkpoint checkpoint;

  CheckpointTest() throws IOException {
    new Random(5).nextBytes(content);
    tree = MerkleTree.build(Channels.newChannel(new ByteArrayInputStream(content)), content.length, CHUNK, HashFunction.SHA1);
    MerkleVerifier verifier = new MerkleVerifier(tree.rootHash(), HashFunction.SHA1, CHUNK);
    LongBitSet held = new LongBitSet(CHUNKS);
    for (long c : new long[] {0, 1, 2, 50, 99}) {
      int length = (int) Math.min(CHUNK, content.length - c * CHUNK);
      assertThat(verifier.verify(c, ByteBuffer.wrap(content, (int) c * CHUNK, length), tree.proof(c)))
          .isEqualTo(MerkleVerifier.Result.VERIFIED);
      held.set(c);
    }
    checkpoint = new Checkpoint(tree.rootHash(), HashFunction.SHA1, CHUNK, content.length - 99 * CHUNK, held, verifier.snapshot());
  }

  private Path written() throws IOException {
    Path at = tmp.resolve("out.bin.part" + Checkpoint.SUFFIX);
    checkpoint.writeAtomically(at);
    return at;
  }

  private Checkpoint read(Path at) throws Exception {
    return Checkpoint.read(at, tree.rootHash(), HashFunction.SHA1, CHUNK, (long) CHUNKS * CHUNK);
  }

  @Test
  void readsBackWhatWasWritten() throws Exception {
    Path at = written();
    assertThat(tmp.resolve("out.bin.part.checkpoint.tmp")).doesNotExist();

    Checkpoint back = read(at);

    assertThat(back.held()).isEqualTo(checkpoint.held());
    assertThat(back.lastChunkLength()).isEqualTo(content.length - 99 * CHUNK);
    assertThat(back.tree().known()).isEqualTo(checkpoint.tree().known());
    assertThat(back.tree().hashes()).isEqualTo(checkpoint.tree().hashes());
    MerkleVerifier restored = MerkleVerifier.restore(tree.rootHash(), HashFunction.SHA1, CHUNK, back.tree());
    assertThat(restored.missingHashes(3)).isEmpty(); // chunk 3 was an uncle of chunk 2
  }

  @Test
  void refusesATruncatedCheckpoint() throws Exception {
    Path at = written();
    byte[] bytes = Files.readAllBytes(at);
    Files.write(at, Arrays.copyOf(bytes, bytes.length - 7));
    assertThatThrownBy(() -> read(at)).isInstanceOf(Checkpoint.RejectedException.class).hasMessageStartingWith("truncated: ");
    Files.write(at, Arrays.copyOf(bytes, 20));
    assertThatThrownBy(() -> read(at)).isInstanceOf(Checkpoint.RejectedException.class).hasMessageStartingWith("truncated: ");
    Files.write(at, new byte[0]);
    assertThatThrownBy(() -> read(at)).isInstanceOf(Checkpoint.RejectedException.class).hasMessageStartingWith("truncated: ");
  }

  @Test
  void refusesACorruptCheckpoint() throws Exception {
    Path at = written();
    byte[] bytes = Files.readAllBytes(at);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(at, bytes);
    assertThatThrownBy(() -> read(at)).isInstanceOf(Checkpoint.RejectedException.class)
        .hasMessage("corrupt: checksum mismatch (CRC32C)");

    Files.write(at, "not a checkpoint at all, just some text".getBytes());
    assertThatThrownBy(() -> read(at)).isInstanceOf(Checkpoint.RejectedException.class)
        .hasMessageStartingWith("not an eddy checkpoint");
  }

  @Test
  void refusesACheckpointOfAnotherSwarmChunkSizeOrContentSize() throws Exception {
    Path at = written();
    Hash other = Hash.fromHex("651258d87cf77ea7b3e5dd7833df8c70a306f1df");
    assertThatThrownBy(() -> Checkpoint.read(at, other, HashFunction.SHA1, CHUNK, (long) CHUNKS * CHUNK))
        .isInstanceOf(Checkpoint.RejectedException.class)
        .hasMessage("stale: it belongs to swarm " + tree.rootHash().toHex() + ", not " + other.toHex());
    assertThatThrownBy(() -> Checkpoint.read(at, tree.rootHash(), HashFunction.SHA1, 2048, (long) CHUNKS * CHUNK))
        .isInstanceOf(Checkpoint.RejectedException.class)
        .hasMessage("stale: made with 1024-byte chunks, this download uses 2048");
    assertThatThrownBy(() -> Checkpoint.read(at, tree.rootHash(), HashFunction.SHA1, CHUNK, 50L * CHUNK))
        .isInstanceOf(Checkpoint.RejectedException.class)
        .hasMessage("stale: it describes 100 chunks (102400 bytes), the partial file has 51200 bytes");
  }
}
