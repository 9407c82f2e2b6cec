package dev.eddy.peer.cli;

import dev.eddy.peer.live.LiveIntegrity;
import dev.eddy.peer.wire.ContentIntegrity;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** How a live stream is proven and how much of it is kept: the same on the source and its leechers. */
public final class LiveOptions {
  @Option(names = "--window", paramLabel = "CHUNKS", defaultValue = "4096",
      description = "Live discard window (option 7): keep only the newest CHUNKS chunks in memory; older ones are "
          + "forgotten, and a leecher skips those it never got (default ${DEFAULT-VALUE}).")
  long window;

  @Option(names = "--integrity", paramLabel = "METHOD", defaultValue = "unified-merkle",
      description = "Live content integrity: unified-merkle (one signature per munro, libswift's) or sign-all "
          + "(every chunk signed). Default ${DEFAULT-VALUE}.")
  String integrity;

  @Option(names = "--chunks-per-signature", paramLabel = "N", defaultValue = "" + LiveIntegrity.DEFAULT_CHUNKS_PER_SIGNATURE,
      description = "Unified Merkle tree: chunks under one signed munro, a power of two (default ${DEFAULT-VALUE}, as libswift).")
  int chunksPerSignature;

  LiveIntegrity integrity(CommandLine cl, boolean libswiftSignatures) {
    ContentIntegrity method = switch (integrity) {
      case "unified-merkle" -> ContentIntegrity.UNIFIED_MERKLE_TREE;
      case "sign-all" -> ContentIntegrity.SIGN_ALL;
      default -> throw new CommandLine.ParameterException(cl, "--integrity must be unified-merkle or sign-all, not '" + integrity + "'");
    };
    if (window < 1 || window > Integer.MAX_VALUE) {
      throw new CommandLine.ParameterException(cl, "--window must be 1 to 2147483647 chunks, got " + window);
    }
    try {
      LiveIntegrity live = new LiveIntegrity(method, chunksPerSignature, libswiftSignatures);
      if (window < live.chunksPerSignature()) {
        throw new CommandLine.ParameterException(cl, "--window must hold at least one signed unit (" + live.chunksPerSignature() + " chunks)");
      }
      return live;
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, "--chunks-per-signature: " + e.getMessage());
    }
  }
}
