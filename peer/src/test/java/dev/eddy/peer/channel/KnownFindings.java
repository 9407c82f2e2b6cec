package dev.eddy.peer.channel;

import dev.eddy.peer.merkle.Bin;
import dev.eddy.peer.wire.DecodingContext;
import dev.eddy.peer.wire.Integrity;
import dev.eddy.peer.wire.Message;
import java.util.List;

/**
 * Inputs that trip channel bugs the fuzzer found and whose fix is still open (FUZZING.md, "Findings"):
 * {@link ChannelFuzzTest} steps around them so that it keeps looking for new ones. Each goes when its fix
 * lands, and its input becomes a regression test in ChannelTest.
 */
final class KnownFindings {
  private KnownFindings() {}

  /** INTEGRITY for a chunk range that is not exactly one bin: Channel.onDatagram throws building its BinHash. */
  static boolean integrityNotOneBin(List<Message> messages, DecodingContext context) {
    for (Message m : messages) {
      if (m instanceof Integrity integrity) {
        long first = integrity.spec().firstChunk(context.chunkSize());
        long last = integrity.spec().lastChunk(context.chunkSize());
        if (first < 0 || last < first || last > Bin.MAX_CHUNK || Bin.ofChunkRange(first, last) == Bin.NONE) {
          return true;
        }
      }
    }
    return false;
  }
}
