package dev.eddy.peer.cli;

import dev.eddy.peer.merkle.HashFunction;
import dev.eddy.peer.merkle.MerkleTree;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code eddy hash FILE}: the root hash (swarm ID) of a file, as libswift computes it. */
@Command(
    name = "hash",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the root hash of FILE's Merkle tree: the swarm ID other peers use to find it.",
      "With the defaults (SHA-1, 1024-byte chunks) it is the same hash libswift computes.",
      "The file is streamed, so any size works with a small heap."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  eddy hash movie.mp4 --chunk-size 8192 --hash-function sha256",
      "  eddy hash vectors/m74.jpg",
      "  c89800bfc82ed01ed6e3bfd5408c51274491f7d4",
      ""
    })
final class HashCommand implements Callable<Integer> {
  /** Exit code when FILE cannot be read. */
  static final int EXIT_UNREADABLE = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The file to hash.")
  Path file;

  @Option(
      names = "--chunk-size",
      paramLabel = "BYTES",
      defaultValue = "1024",
      description = "Chunk size in bytes, greater than 0 (default: ${DEFAULT-VALUE}, as libswift).")
  int chunkSize;

  @Option(
      names = "--hash-function",
      paramLabel = "NAME",
      defaultValue = "sha1",
      converter = HashFunctionConverter.class,
      description = "One of sha1, sha224, sha256, sha384, sha512 (default: ${DEFAULT-VALUE}).")
  HashFunction hashFunction;

  @Override
  public Integer call() {
    if (chunkSize <= 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--chunk-size must be greater than 0, got " + chunkSize);
    }
    if (Files.isDirectory(file)) {
      return fail(file + " is a directory, not a file");
    }
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      return fail(file + " is not a regular file (its size must be known before hashing)");
    }
    try {
      MerkleTree tree = MerkleTree.build(file, chunkSize, hashFunction);
      spec.commandLine().getOut().println(tree.rootHash().toHex());
      spec.commandLine().getOut().flush();
      return 0;
    } catch (NoSuchFileException e) {
      return fail("no such file: " + file);
    } catch (AccessDeniedException e) {
      return fail("permission denied: " + file);
    } catch (IOException e) {
      return fail("cannot read " + file + ": " + e.getMessage());
    }
  }

  private int fail(String message) {
    spec.commandLine().getErr().println("eddy hash: " + message);
    spec.commandLine().getErr().flush();
    return EXIT_UNREADABLE;
  }

  static final class HashFunctionConverter implements CommandLine.ITypeConverter<HashFunction> {
    @Override
    public HashFunction convert(String value) {
      return HashFunction.fromName(value)
          .orElseThrow(() -> new CommandLine.TypeConversionException("'" + value + "' is not one of "
              + Arrays.stream(HashFunction.values()).map(HashFunction::cliName).collect(Collectors.joining(", "))));
    }
  }
}
