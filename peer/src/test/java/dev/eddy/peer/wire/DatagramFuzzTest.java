package dev.eddy.peer.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.eddy.peer.pcap.UdpPacket;
import dev.eddy.peer.pcap.VectorCapture;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the datagram codec (FUZZING.md). The first input byte picks the channel's
 * context (0 is libswift's default), the rest is the UDP payload. Whatever the bytes: the decoder returns
 * a result and never throws; reads nothing outside the datagram; a decoded datagram re-encodes to exactly
 * the same bytes and context; an error names an offset inside the datagram; and the allocation-free
 * {@link DatagramReader} sees the same messages as the records.
 */
class DatagramFuzzTest {
  /** Bytes around the datagram in its buffer, different on each decode: a read past either end shows. */
  private static final int GUARD = 64;

  @MethodSource("libswiftDatagrams")
  @FuzzTest
  void decodesOrRejectsEveryDatagram(byte[] input) {
    if (input.length == 0) {
      return;
    }
    DecodingContext context = context(input[0]);
    byte[] datagram = Arrays.copyOfRange(input, 1, input.length);

    ByteBuf framed = framed(datagram, (byte) 0x00);
    DecodeResult result = DatagramDecoder.decode(framed, context);
    assertThat(framed.readerIndex()).as("reader index").isEqualTo(GUARD);
    assertThat(framed.writerIndex()).as("writer index").isEqualTo(GUARD + datagram.length);
    // The same datagram among other surrounding bytes decodes the same: nothing outside it was read.
    assertThat(DatagramDecoder.decode(framed(datagram, (byte) 0xFF), context)).isEqualTo(result);

    if (result instanceof DecodeResult.Decoded decoded) {
      ByteBuf out = Unpooled.buffer(datagram.length);
      assertThat(DatagramEncoder.encodedLength(decoded.datagram(), context)).isEqualTo(datagram.length);
      assertThat(DatagramEncoder.encode(decoded.datagram(), context, out)).isEqualTo(decoded.context());
      assertThat(ByteBufUtil.getBytes(out)).as("re-encoded").isEqualTo(datagram);
      assertReaderAgrees(framed, context, decoded);
    } else if (result instanceof DecodeResult.Malformed malformed) {
      assertThat(malformed.error().offset()).isBetween(0, datagram.length);
      assertThat(malformed.error().detail()).isNotBlank();
    } else {
      assertThat(((DecodeResult.Legacy) result).handshake().length()).isEqualTo(datagram.length);
    }
  }

  /** The reader's field accessors give what the records hold, and bodies lie inside the datagram. */
  private static void assertReaderAgrees(ByteBuf framed, DecodingContext context, DecodeResult.Decoded decoded) {
    DatagramReader reader = new DatagramReader();
    assertThat(reader.wrap(framed, context)).isEqualTo(DatagramReader.Status.DATAGRAM);
    assertThat(reader.channel()).isEqualTo(decoded.datagram().channel());
    assertThat(reader.messageCount()).isEqualTo(decoded.datagram().messages().size());
    for (int i = 0; i < reader.messageCount(); i++) {
      Message message = decoded.datagram().messages().get(i);
      reader.select(i);
      assertThat(reader.type()).isEqualTo(message.type());
      assertThat(reader.message()).isEqualTo(message);
      if (message instanceof Message.AboutChunks about) {
        assertThat(reader.spec()).isEqualTo(about.spec());
        assertThat(reader.rangeStart()).isLessThanOrEqualTo(reader.rangeEnd());
      }
      if (message instanceof Data || message instanceof Integrity || message instanceof SignedIntegrity
          || message instanceof PexResCert) {
        assertThat(reader.bodyIndex()).isBetween(GUARD, framed.writerIndex());
        assertThat(reader.bodyIndex() + reader.bodyLength()).isBetween(GUARD, framed.writerIndex());
      }
    }
    assertThat(reader.contextAfter()).isEqualTo(decoded.context());
    reader.clear();
  }

  /** The datagram at {@link #GUARD} in a larger buffer filled with {@code fill} around it. */
  private static ByteBuf framed(byte[] datagram, byte fill) {
    byte[] whole = new byte[GUARD + datagram.length + GUARD];
    Arrays.fill(whole, fill);
    System.arraycopy(datagram, 0, whole, GUARD, datagram.length);
    return Unpooled.wrappedBuffer(whole).setIndex(GUARD, GUARD + datagram.length);
  }

  /**
   * Bits 0–2: chunk addressing (XOR 2, so 0 is 32-bit chunk ranges), bits 3–5: Merkle hash function,
   * bits 6–7: live signature algorithm (ECDSA P-256, RSA with its length unknown, Ed448, or unassigned
   * 200). Codes beyond the RFC's are included on purpose: the decoder must reject, not trip, on them.
   */
  private static DecodingContext context(byte selector) {
    int bits = selector & 0xFF;
    LiveSignatureAlgorithm[] algorithms = {
      LiveSignatureAlgorithm.ECDSAP256SHA256, LiveSignatureAlgorithm.RSASHA1, LiveSignatureAlgorithm.ED448,
      LiveSignatureAlgorithm.of(200)
    };
    return DecodingContext.DEFAULT
        .withChunkAddressing(ChunkAddressing.of((bits & 7) ^ 2))
        .withMerkleHashFunction(MerkleHashFunction.of((bits >>> 3) & 7))
        .withLiveSignatureAlgorithm(algorithms[bits >>> 6]);
  }

  /** Seeds: every datagram of the real libswift capture, under the default context. */
  static Stream<Arguments> libswiftDatagrams() {
    return VectorCapture.libswiftDatagrams().stream()
        .map(UdpPacket::payload)
        .map(payload -> {
          byte[] input = new byte[payload.length + 1];
          System.arraycopy(payload, 0, input, 1, payload.length);
          return Arguments.of((Object) input);
        });
  }
}
