package dev.eddy.peer.storage;

import dev.eddy.peer.merkle.Hash;
import dev.eddy.peer.merkle.HashFunction;
import dev.eddy.peer.merkle.MerkleTree;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/** How a download starts, given what an earlier run left in its partial file. */
public sealed interface ResumePlan {
  /** One line for the user saying what was found and what happens; empty when there was nothing. */
  String describe();

  /** Nothing to resume from: every chunk is downloaded. */
  record Fresh(String describe) implements ResumePlan {}

  /** A checkpoint that passed every check: its chunks are trusted as they lie. */
  record FromCheckpoint(Checkpoint checkpoint, Path file) implements ResumePlan {
    @Override
    public String describe() {
      long count = checkpoint.chunkCount();
      long held = checkpoint.held().cardinality();
      return String.format(Locale.ROOT, "Resuming from checkpoint %s: %d of %d chunks verified, %d chunks to download",
          file, held, count, count - held);
    }
  }

  /**
   * No usable checkpoint, but a partial file: {@code partialTree} is its hash tree, as if it held the whole
   * content in full chunks; each of its subtrees whose hash equals a verified one (peaks, then the uncles that
   * come with downloaded chunks) is taken as held.
   */
  record Reverify(MerkleTree partialTree, String describe) implements ResumePlan {}

  /** A download with nothing to resume, for callers that never resume. */
  ResumePlan FRESH = new Fresh("");

  /**
   * Looks at {@code partialFile} and its checkpoint for a download of {@code rootHash}. Hashes the partial file
   * when the checkpoint is missing or rejected (about a second per GiB).
   *
   * @throws IOException if the partial file cannot be read
   */
  static ResumePlan prepare(Path partialFile, Hash rootHash, HashFunction hashFunction, int chunkSize) throws IOException {
    Path file = Checkpoint.fileOf(partialFile);
    long partialSize = Files.exists(partialFile) ? Files.size(partialFile) : 0;
    String why;
    try {
      if (partialSize == 0) {
        Files.deleteIfExists(file); // it described a partial file that is gone
        return FRESH;
      }
      return new FromCheckpoint(Checkpoint.read(file, rootHash, hashFunction, chunkSize, partialSize), file);
    } catch (NoSuchFileException e) {
      why = "eddy: " + partialFile + " has no checkpoint";
    } catch (Checkpoint.RejectedException e) {
      why = "eddy: checkpoint " + file + " rejected: " + e.getMessage();
    }
    if (partialSize % chunkSize != 0) {
      return new Fresh(why + "; " + partialFile + " (" + partialSize + " bytes) is not whole " + chunkSize
          + "-byte chunks, so it is downloaded again");
    }
    MerkleTree tree;
    try (FileChannel channel = FileChannel.open(partialFile, StandardOpenOption.READ)) {
      tree = MerkleTree.build(channel, partialSize, chunkSize, hashFunction);
    }
    return new Reverify(tree, why + "; re-verifying the " + tree.chunkCount() + " chunks of " + partialFile
        + " against the swarm's hashes");
  }
}
