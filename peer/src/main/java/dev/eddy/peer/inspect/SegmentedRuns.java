package dev.eddy.peer.inspect;

import dev.eddy.peer.wire.Data;
import dev.eddy.peer.wire.Datagram;
import dev.eddy.peer.wire.DecodeResult;
import dev.eddy.peer.wire.MessageType;
import io.netty.buffer.ByteBuf;

/**
 * Segmentation-offload runs as a capture on the sending host shows them. Eddy's transport hands the kernel
 * consecutive datagrams of one size to one recipient as one segmented write (UDP GSO); the kernel cuts it
 * into datagrams after the capture point, so the capture holds one oversized UDP payload: the datagrams
 * back to back, all of one length but the last, which may be shorter (over 1232 bytes too: 8 KiB chunks, or
 * a 1 KiB chunk with its batch's hashes). Every datagram of a run goes to the same channel, so each starts
 * with the same channel ID; for a run of DATA datagrams that is {@code channel, 01, chunk spec, timestamp,
 * chunk}, all of one chunk size.
 *
 * <p>A payload is split when some segment length puts that channel ID at the start of every segment and a
 * known message type right after it (or nothing: a keep-alive). A single datagram passes that test only if
 * its payload repeats its own random channel ID at every multiple of some offset, each followed by a
 * message type: for a 1 KiB chunk, odds of about one in 10^8. When no segment length fits but the channel
 * ID recurs exactly where decoding the payload as one datagram went wrong (where it failed, or inside a
 * DATA payload, which would otherwise swallow the datagrams after it), the payload is most likely a run the
 * layout does not explain, and {@link #HINT} says so. The Wireshark dissector applies the same rules.
 */
final class SegmentedRuns {
  static final String HINT = "looks like a segmentation-offload run: capture with segmentation off";

  private SegmentedRuns() {}

  /** The length of each segment (but the last) when the readable bytes are a run, else 0. */
  static int segmentLength(ByteBuf payload) {
    int length = payload.readableBytes();
    long channel = channel(payload);
    if (channel <= 0) {
      return 0;
    }
    int base = payload.readerIndex();
    for (int segment = Datagram.HEADER_LENGTH; segment <= maxSegment(length); segment++) {
      if (payload.getUnsignedInt(base + segment) == channel && fits(payload, channel, segment)) {
        return segment;
      }
    }
    return 0;
  }

  /**
   * Where a payload that {@link #segmentLength} does not split, decoded as one datagram with
   * {@code result}, repeats its channel ID where decoding went wrong; -1 when it does not.
   */
  static int unexplainedRunAt(ByteBuf payload, DecodeResult result) {
    long channel = channel(payload);
    if (channel <= 0) {
      return -1;
    }
    int suspectFrom;
    int suspectTo;
    if (result instanceof DecodeResult.Malformed malformed) {
      suspectFrom = malformed.error().offset();
      suspectTo = suspectFrom;
    } else if (result instanceof DecodeResult.Decoded decoded && !decoded.datagram().isKeepAlive()
        && decoded.datagram().messages().get(decoded.datagram().messages().size() - 1) instanceof Data data) {
      suspectFrom = payload.readableBytes() - data.payload().readableBytes();
      suspectTo = maxSegment(payload.readableBytes());
    } else {
      return -1;
    }
    int base = payload.readerIndex();
    int last = Math.min(suspectTo, maxSegment(payload.readableBytes()));
    for (int at = Math.max(suspectFrom, Datagram.HEADER_LENGTH); at <= last; at++) {
      if (payload.getUnsignedInt(base + at) == channel) {
        return at;
      }
    }
    return -1;
  }

  /** The destination channel, or -1 when there is none to repeat (too short, or channel 0: openings). */
  private static long channel(ByteBuf payload) {
    return payload.readableBytes() >= 2 * Datagram.HEADER_LENGTH ? payload.getUnsignedInt(payload.readerIndex()) : -1;
  }

  /** The longest first segment that leaves room for a second datagram's channel ID. */
  private static int maxSegment(int length) {
    return length - Datagram.HEADER_LENGTH;
  }

  private static boolean fits(ByteBuf payload, long channel, int segment) {
    int base = payload.readerIndex();
    int length = payload.readableBytes();
    for (int at = 0; at < length; at += segment) {
      int left = Math.min(segment, length - at);
      if (left < Datagram.HEADER_LENGTH || payload.getUnsignedInt(base + at) != channel) {
        return false;
      }
      if (left > Datagram.HEADER_LENGTH
          && MessageType.fromCode(payload.getUnsignedByte(base + at + Datagram.HEADER_LENGTH)).isEmpty()) {
        return false;
      }
    }
    return true;
  }
}
