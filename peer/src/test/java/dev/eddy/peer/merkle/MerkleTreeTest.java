package dev.eddy.peer.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MerkleTreeTest {
  @TempDir Path tmp;

  @Test
  void m74RootAndPeaksMatchLibswift() throws IOException {
    MerkleTree tree = MerkleTree.build(Vectors.file("m74.jpg"), 1024, HashFunction.SHA1);

    assertThat(tree.chunkCount()).isEqualTo(26);
    assertThat(tree.rootHash().toHex()).isEqualTo("c89800bfc82ed01ed6e3bfd5408c51274491f7d4");
    assertThat(tree.peaks())
        .containsExactly(
            new BinHash(Bin.of(4, 0), Hash.fromHex("6870507a7fe10bfefe32607afab84ebeef89c2c4")),
            new BinHash(Bin.of(3, 2), Hash.fromHex("cf0517c9ab6e0ea4ff1a1aeb2f1ba4b30aa7643a")),
            new BinHash(Bin.of(1, 12), Hash.fromHex("5efa332788423d6ccb23bf752acb6482ce88161b")));
  }

  @Test
  void singleChunkRootIsTheChunkHash() throws IOException {
    MerkleTree tree = MerkleTree.build(Vectors.file("m74-1Kb.jpg"), 1024, HashFunction.SHA1);

    assertThat(tree.chunkCount()).isEqualTo(1);
    assertThat(tree.rootHash().toHex()).isEqualTo("7a268ec9e9c30633eb25a2a758d45259c6f17a43");
    assertThat(tree.peaks()).containsExactly(new BinHash(0, tree.rootHash()));
    assertThat(tree.uncleBins(0)).isEmpty();
  }

  @Test
  void libswift100kRootIsTheSwarmIdOfTheCapture() throws IOException {
    MerkleTree tree =
        MerkleTree.build(Vectors.file("libswift-100k.content.bin"), 1024, HashFunction.SHA1);

    assertThat(tree.rootHash().toHex()).isEqualTo("651258d87cf77ea7b3e5dd7833df8c70a306f1df");
    assertThat(tree.peakBins()).containsExactly(Bin.of(6, 0), Bin.of(5, 2), Bin.of(2, 24));
  }

  @Test
  void proofListsPeaksThenUnclesTopDownAsLibswiftSendsThem() throws IOException {
    MerkleTree tree =
        MerkleTree.build(Vectors.file("libswift-100k.content.bin"), 1024, HashFunction.SHA1);

    // Frame 4 of libswift-100k.pcap: INTEGRITY for chunk 0 is 0-63, 64-95, 96-99, 32-63, 16-31, 8-15, 4-7,
    // 2-3, 1-1, with these leading hash bytes.
    List<BinHash> proof = tree.proof(0);
    assertThat(proof)
        .extracting(h -> Bin.toString(h.bin()))
        .containsExactly(
            "[0..63]", "[64..95]", "[96..99]", "[32..63]", "[16..31]", "[8..15]", "[4..7]", "[2..3]", "[1]");
    assertThat(proof)
        .extracting(h -> h.hash().toHex().substring(0, 8))
        .containsExactly(
            "a227834d", "9055ac14", "0fadd3f9", "880e4427", "e43a4268", "922238a6", "7c8f1e78", "b2c18646",
            "0637455f");
  }

  @Test
  void matchesTheReferenceTreeForEveryHashFunctionAndAwkwardSizes() throws IOException {
    Random random = new Random(7574);
    int[][] cases = {{0, 1024}, {1, 1024}, {1024, 1024}, {1025, 1024}, {5000, 1000}, {3 * 1024, 1024},
      {17, 1}, {100_000, 4096}, {7_000, 3}, {65_536, 8192}};
    for (HashFunction function : HashFunction.values()) {
      for (int[] c : cases) {
        byte[] content = new byte[c[0]];
        random.nextBytes(content);
        MerkleTree tree = MerkleTree.build(Channels.newChannel(new ByteArrayInputStream(content)),
            content.length, c[1], function);
        ReferenceTree reference = new ReferenceTree(content, c[1], function);

        assertThat(tree.rootHash().toByteArray())
            .as("%s, %d bytes in %d-byte chunks", function, c[0], c[1])
            .isEqualTo(reference.root());
        for (long chunk = 0; chunk < tree.chunkCount(); chunk += 1 + tree.chunkCount() / 17) {
          for (BinHash proven : tree.proof(chunk)) {
            assertThat(proven.hash().toByteArray()).isEqualTo(reference.hash(proven.bin()));
          }
        }
      }
    }
  }

  @Test
  void anyNumberOfLeafHashingThreadsBuildsTheSameTree() throws IOException {
    byte[] content = new byte[3 * MerkleTree.READ_BUFFER_BYTES + 999];
    new Random(5).nextBytes(content);
    byte[] expected = new ReferenceTree(content, 1000, HashFunction.SHA224).root();

    for (int threads : new int[] {1, 2, 3, 7}) {
      MerkleTree tree = MerkleTree.build(Channels.newChannel(new ByteArrayInputStream(content)),
          content.length, 1000, HashFunction.SHA224, threads);
      assertThat(tree.rootHash().toByteArray()).as("%d threads", threads).isEqualTo(expected);
    }
  }

  @Test
  void chunkSizeLargerThanTheReadBufferStreamsThroughTheDigest() throws IOException {
    byte[] content = new byte[2 * MerkleTree.READ_BUFFER_BYTES + 12345];
    new Random(1).nextBytes(content);
    int chunkSize = MerkleTree.READ_BUFFER_BYTES + 777;
    Path file = tmp.resolve("big-chunks.bin");
    Files.write(file, content);

    MerkleTree tree = MerkleTree.build(file, chunkSize, HashFunction.SHA256);

    assertThat(tree.chunkCount()).isEqualTo(3);
    assertThat(tree.rootHash().toByteArray())
        .isEqualTo(new ReferenceTree(content, chunkSize, HashFunction.SHA256).root());
  }

  @Test
  void emptyContentHasAnAllZeroRootAndNoPeaks() throws IOException {
    Path empty = Files.createFile(tmp.resolve("empty"));

    MerkleTree tree = MerkleTree.build(empty, 1024, HashFunction.SHA1);

    assertThat(tree.rootHash()).isEqualTo(Hash.zero(HashFunction.SHA1));
    assertThat(tree.peaks()).isEmpty();
  }

  @Test
  void contentEndingEarlyIsAnErrorNotAShortTree() {
    byte[] content = new byte[1000];

    assertThatThrownBy(() -> MerkleTree.build(
            Channels.newChannel(new ByteArrayInputStream(content)), 2000, 1024, HashFunction.SHA1))
        .isInstanceOf(EOFException.class)
        .hasMessageContaining("1000 of 2000");
  }

  @Test
  void rejectsNonPositiveChunkSize() {
    assertThatThrownBy(() -> MerkleTree.build(Vectors.file("m74.jpg"), 0, HashFunction.SHA1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chunk size 0");
  }

  @Test
  void largeTreesLiveOutsideTheHeapAndStillMatch() throws IOException {
    // Enough SHA-512 chunks to pass the heap limit: 2 * 300k slots * 64 B = 38 MB of hashes.
    int chunks = 300_000;
    int chunkSize = 16;
    byte[] content = new byte[chunks * chunkSize - 5];
    new Random(3).nextBytes(content);
    assertThat(2L * chunks * 64).isGreaterThan(NodeStore.HEAP_LIMIT_BYTES);

    MerkleTree tree = MerkleTree.build(Channels.newChannel(new ByteArrayInputStream(content)),
        content.length, chunkSize, HashFunction.SHA512);

    ReferenceTree reference = new ReferenceTree(content, chunkSize, HashFunction.SHA512);
    assertThat(tree.rootHash().toByteArray()).isEqualTo(reference.root());
    assertThat(tree.hash(Bin.ofChunk(chunks - 1)).toByteArray()).isEqualTo(reference.hash(Bin.ofChunk(chunks - 1)));
    assertThat(HexFormat.of().formatHex(tree.hash(Bin.of(10, 100)).toByteArray()))
        .isEqualTo(HexFormat.of().formatHex(reference.hash(Bin.of(10, 100))));
  }
}
