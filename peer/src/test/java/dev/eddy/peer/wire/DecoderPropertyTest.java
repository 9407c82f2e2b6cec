package dev.eddy.peer.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.peer.pcap.UdpPacket;
import dev.eddy.peer.pcap.VectorCapture;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Any bytes at all either decode, and then re-encode to exactly the same bytes, or give a typed error
 * whose offset lies inside the datagram. Never an exception.
 */
class DecoderPropertyTest {
  private static final List<byte[]> VECTOR_DATAGRAMS =
      VectorCapture.libswiftDatagrams().stream().map(UdpPacket::payload).toList();

  @Property(tries = 2000)
  void randomBytesDecodeOrFailCleanly(
      @ForAll @Size(max = 1500) byte[] bytes, @ForAll("contexts") DecodingContext context) {
    assertDecodesOrFailsCleanly(bytes, context);
  }

  /** Random messages behind a plausible channel ID and type byte get further into the decoder. */
  @Property(tries = 2000)
  void randomBodiesAfterAKnownTypeDecodeOrFailCleanly(
      @ForAll @IntRange(min = 0, max = 13) int type,
      @ForAll @Size(max = 80) byte[] body,
      @ForAll("contexts") DecodingContext context) {
    byte[] bytes = new byte[5 + body.length];
    bytes[0] = 0x61;
    bytes[4] = (byte) type;
    System.arraycopy(body, 0, bytes, 5, body.length);
    assertDecodesOrFailsCleanly(bytes, context);
  }

  @Property(tries = 3000)
  void mutatedLibswiftDatagramsDecodeOrFailCleanly(
      @ForAll @IntRange(min = 0, max = 218) int which,
      @ForAll @IntRange(min = 1, max = 4) int mutations,
      @ForAll long seed) {
    byte[] bytes = mutate(VECTOR_DATAGRAMS.get(which), mutations, new Random(seed));
    assertDecodesOrFailsCleanly(bytes, DecodingContext.DEFAULT);
  }

  static void assertDecodesOrFailsCleanly(byte[] bytes, DecodingContext context) {
    DecodeResult result = DatagramDecoder.decode(Unpooled.wrappedBuffer(bytes), context);
    if (result instanceof DecodeResult.Decoded decoded) {
      ByteBuf out = Unpooled.buffer(bytes.length);
      DecodingContext after = DatagramEncoder.encode(decoded.datagram(), context, out);
      assertThat(ByteBufUtil.getBytes(out)).isEqualTo(bytes);
      assertThat(after).isEqualTo(decoded.context());
    } else if (result instanceof DecodeResult.Malformed malformed) {
      assertThat(malformed.error().offset()).isBetween(0, bytes.length);
      assertThat(malformed.error().detail()).isNotBlank();
    } else {
      assertThat(result).isInstanceOf(DecodeResult.Legacy.class);
    }
  }

  /** Flip, overwrite, insert, delete or cut bytes: the mistakes a lossy path or a buggy peer makes. */
  private static byte[] mutate(byte[] original, int mutations, Random random) {
    byte[] bytes = original.clone();
    for (int i = 0; i < mutations && bytes.length > 0; i++) {
      int at = random.nextInt(bytes.length);
      switch (random.nextInt(5)) {
        case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
        case 1 -> bytes[at] = (byte) (random.nextBoolean() ? 0xff : random.nextInt(256));
        case 2 -> {
          byte[] longer = new byte[bytes.length + 1];
          System.arraycopy(bytes, 0, longer, 0, at);
          longer[at] = (byte) random.nextInt(256);
          System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
          bytes = longer;
        }
        case 3 -> {
          byte[] shorter = new byte[bytes.length - 1];
          System.arraycopy(bytes, 0, shorter, 0, at);
          System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
          bytes = shorter;
        }
        default -> bytes = Arrays.copyOf(bytes, at);
      }
    }
    return bytes;
  }

  @Provide
  Arbitrary<DecodingContext> contexts() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 6).map(ChunkAddressing::of),
            Arbitraries.integers().between(0, 6).map(MerkleHashFunction::of),
            Arbitraries.of(LiveSignatureAlgorithm.ECDSAP256SHA256, LiveSignatureAlgorithm.RSASHA1,
                LiveSignatureAlgorithm.ED448))
        .as((addressing, hash, signature) -> DecodingContext.DEFAULT.withChunkAddressing(addressing)
            .withMerkleHashFunction(hash).withLiveSignatureAlgorithm(signature));
  }
}
