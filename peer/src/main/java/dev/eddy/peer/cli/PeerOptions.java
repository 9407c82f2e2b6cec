package dev.eddy.peer.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.eddy.peer.merkle.HashFunction;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** Options shared by {@code seed} and {@code get}. */
final class PeerOptions {
  @Option(names = "--chunk-size", paramLabel = "N", defaultValue = "1024",
      description = "Chunk size in bytes, agreed out of band with the other peers (libswift: 1024 or 8192; default ${DEFAULT-VALUE}).")
  int chunkSize;

  @Option(names = "--hash-function", paramLabel = "NAME", defaultValue = "sha1", converter = HashCommand.HashFunctionConverter.class,
      description = "Merkle hash function: sha1 (default, the only one libswift takes), sha224, sha256, sha384, sha512.")
  HashFunction hashFunction;

  @Option(names = "--debug", description = "Log every message sent and received, and show stack traces on errors.")
  boolean debug;

  void validate() {
    if (chunkSize < 64 || chunkSize > 60 * 1024) {
      throw new UserError(ExitCodes.USAGE, "--chunk-size must be between 64 and 61440 bytes (one chunk per UDP datagram)");
    }
    if (debug) {
      ((Logger) LoggerFactory.getLogger("dev.eddy")).setLevel(Level.DEBUG);
    }
  }
}
