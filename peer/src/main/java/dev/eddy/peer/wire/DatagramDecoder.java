package dev.eddy.peer.wire;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one UDP payload into a {@link DecodeResult} of immutable records. Never throws for any input
 * bytes: every problem becomes a {@link DecodeError} naming the offset of the failing field, and the
 * whole datagram is rejected. Every length is checked against the bytes left before anything is
 * allocated, so a datagram can never make the decoder allocate more than its own size. The buffer's
 * indices are not moved. Where allocation matters (the DATA path), use a {@link DatagramReader}.
 */
public final class DatagramDecoder {
  /** One reusable reader per thread; it is cleared after each use so it never pins a buffer. */
  private static final ThreadLocal<DatagramReader> READERS = ThreadLocal.withInitial(DatagramReader::new);

  private DatagramDecoder() {}

  /**
   * Decodes the readable bytes of {@code datagram} under the channel's {@code context}. A HANDSHAKE in
   * the datagram changes the context for the messages after it; the result carries the final context.
   * DATA payloads are slices of {@code datagram} (see {@link Data} for ownership).
   */
  public static DecodeResult decode(ByteBuf datagram, DecodingContext context) {
    DatagramReader reader = READERS.get();
    try {
      switch (reader.wrap(datagram, context)) {
        case LEGACY:
          return new DecodeResult.Legacy(reader.legacyHandshake());
        case MALFORMED:
          return new DecodeResult.Malformed(reader.error());
        default:
          break;
      }
      if (reader.messageCount() == 0) {
        return new DecodeResult.Decoded(Datagram.keepAlive(reader.channel()), context);
      }
      List<Message> messages = new ArrayList<>(reader.messageCount());
      for (int i = 0; i < reader.messageCount(); i++) {
        messages.add(reader.select(i).message());
      }
      return new DecodeResult.Decoded(new Datagram(reader.channel(), messages), reader.contextAfter());
    } finally {
      reader.clear();
    }
  }
}
