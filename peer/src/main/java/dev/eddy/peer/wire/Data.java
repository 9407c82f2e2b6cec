package dev.eddy.peer.wire;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * DATA (RFC 7574 §8.6): {@code 01 <chunk spec> <timestamp:8> <payload to the end of the datagram>}.
 * libswift sends one chunk per DATA, last in its datagram; a zero-length payload (its answer to a
 * REQUEST beyond the end of the content) is allowed.
 *
 * <p><b>Payload ownership.</b> A decoded {@code Data}'s payload is a slice of the datagram buffer given
 * to {@link DatagramDecoder#decode}: it shares that buffer's memory and reference count, and it is
 * valid only while the caller still holds the datagram buffer. The record never retains or releases
 * it. To keep the payload after releasing the datagram, call {@code payload().retain()} (and
 * {@code release()} it later) or copy it. The encoder reads the payload's readable bytes without
 * moving its reader index and never releases it; whoever built the {@code Data} owns its buffer.
 *
 * @param timestamp the sender's clock when sending, as on the wire (libswift: microseconds since the
 *     Unix epoch)
 */
public record Data(ChunkSpec spec, long timestamp, ByteBuf payload) implements Message.AboutChunks {
  public Data {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(payload, "payload");
  }

  @Override
  public MessageType type() {
    return MessageType.DATA;
  }

  @Override
  public String toString() {
    return "Data[" + spec + ", timestamp=" + timestamp + ", " + payload.readableBytes() + " bytes]";
  }
}
