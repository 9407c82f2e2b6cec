package dev.eddy.peer.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The checks every command applies to the same kind of input, so that one mistake gets one answer (the
 * same exit code and the same words) from {@code hash}, {@code seed} and {@code get} alike.
 */
final class Inputs {
  /** Smallest chunk size: below it the hashes outweigh the data. */
  static final int MIN_CHUNK_SIZE = 64;
  /** Largest chunk size: one chunk, its header and hashes must fit one UDP datagram. */
  static final int MAX_CHUNK_SIZE = 60 * 1024;

  private Inputs() {}

  static void chunkSize(CommandLine command, int chunkSize) {
    if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
      throw new ParameterException(command, "--chunk-size must be between " + MIN_CHUNK_SIZE + " and " + MAX_CHUNK_SIZE
          + " bytes (one chunk per UDP datagram), got " + chunkSize);
    }
  }

  /** A duration option that must leave time for something to happen: at least {@code min}, at most {@code max} if given. */
  static void duration(CommandLine command, String option, Duration value, Duration min, Duration max, String why) {
    if (value.compareTo(min) < 0 || max != null && value.compareTo(max) > 0) {
      String range = max == null ? " at least " + DurationConverter.format(min)
          : " between " + DurationConverter.format(min) + " and " + DurationConverter.format(max);
      throw new ParameterException(command, option + " must be" + range + why + ", got " + DurationConverter.format(value));
    }
  }

  /** The content a command hashes or serves: an existing, readable, non-empty regular file. */
  static void contentFile(Path file) {
    String problem;
    if (Files.isDirectory(file)) {
      problem = "is a directory, not a file";
    } else if (!Files.exists(file)) {
      problem = "no such file";
    } else if (!Files.isRegularFile(file)) {
      problem = "not a regular file (its size must be known before hashing)";
    } else if (!Files.isReadable(file)) {
      problem = "permission denied";
    } else {
      problem = null;
    }
    if (problem != null) {
      throw new UserError(ExitCodes.STORAGE, "cannot read " + file + ": " + problem);
    }
    long size;
    try {
      size = Files.size(file);
    } catch (java.io.IOException e) {
      throw new UserError(ExitCodes.STORAGE, "cannot read " + file + ": " + e.getMessage());
    }
    if (size == 0) {
      throw new UserError(ExitCodes.USAGE, file + " is empty: no chunks, so no swarm to hash or serve");
    }
  }
}
