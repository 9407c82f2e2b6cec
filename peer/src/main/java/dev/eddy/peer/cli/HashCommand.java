package dev.eddy.peer.cli;

import dev.eddy.peer.merkle.HashFunction;
import dev.eddy.peer.merkle.MerkleTree;
import java.io.IOException;
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
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The file to hash.")
  Path file;

  @Option(
      names = "--chunk-size",
      paramLabel = "BYTES",
      defaultValue = "1024",
      description = "Chunk size in bytes, 64 to 61440 as for seed and get (default: ${DEFAULT-VALUE}, as libswift).")
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
    Inputs.chunkSize(spec.commandLine(), chunkSize);
    Inputs.contentFile(file);
    try {
      MerkleTree tree = MerkleTree.build(file, chunkSize, hashFunction);
      spec.commandLine().getOut().println(tree.rootHash().toHex());
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    } catch (IOException e) {
      throw new UserError(ExitCodes.STORAGE, "cannot read " + file + ": " + e.getMessage());
    }
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
