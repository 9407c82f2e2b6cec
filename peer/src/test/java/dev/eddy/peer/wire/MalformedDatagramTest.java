package dev.eddy.peer.wire;

import static dev.eddy.peer.wire.DecodeError.Reason.BAD_LENGTH;
import static dev.eddy.peer.wire.DecodeError.Reason.BAD_OPTION_VALUE;
import static dev.eddy.peer.wire.DecodeError.Reason.BIN_OUT_OF_RANGE;
import static dev.eddy.peer.wire.DecodeError.Reason.DATAGRAM_TOO_SHORT;
import static dev.eddy.peer.wire.DecodeError.Reason.DUPLICATE_OPTION;
import static dev.eddy.peer.wire.DecodeError.Reason.INVERTED_RANGE;
import static dev.eddy.peer.wire.DecodeError.Reason.TRUNCATED;
import static dev.eddy.peer.wire.DecodeError.Reason.UNKNOWN_CHUNK_ADDRESSING;
import static dev.eddy.peer.wire.DecodeError.Reason.UNKNOWN_HASH_FUNCTION;
import static dev.eddy.peer.wire.DecodeError.Reason.UNKNOWN_MESSAGE_TYPE;
import static dev.eddy.peer.wire.DecodeError.Reason.UNKNOWN_OPTION;
import static dev.eddy.peer.wire.DecodeError.Reason.UNKNOWN_SIGNATURE_LENGTH;
import static dev.eddy.peer.wire.DecodeError.Reason.VALUE_OUT_OF_RANGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Bad input, one nested class per kind. Each datagram is written field by field; the expected offset is
 * where the failing field starts, counted from the first byte of the datagram.
 */
class MalformedDatagramTest {
  private static final DecodingContext CHUNK32 = DecodingContext.DEFAULT;

  private static DecodeError decodeError(DecodingContext context, String... fields) {
    byte[] bytes = ByteBufUtil.decodeHexDump(String.join("", fields).replace(" ", ""));
    DecodeResult result = DatagramDecoder.decode(Unpooled.wrappedBuffer(bytes), context);
    assertThat(result).isInstanceOf(DecodeResult.Malformed.class);
    return ((DecodeResult.Malformed) result).error();
  }

  private static void assertError(DecodeError error, int offset, DecodeError.Reason reason) {
    assertThat(error.offset()).as("offset of %s", error).isEqualTo(offset);
    assertThat(error.reason()).as("%s", error).isEqualTo(reason);
  }

  @Nested
  class Truncated {
    @Test
    void shouldRejectDatagramShorterThanAChannelId() {
      assertError(decodeError(CHUNK32, "613e7d"), 0, DATAGRAM_TOO_SHORT);
      assertError(decodeError(CHUNK32, ""), 0, DATAGRAM_TOO_SHORT);
    }

    @Test
    void shouldRejectHandshakeWithoutEndOption() {
      DecodeError error = decodeError(CHUNK32,
          "00000000", // channel 0
          "00", // HANDSHAKE
          "613e7dea", // source channel
          "0001"); // version 1, then nothing: no end option
      assertError(error, 11, TRUNCATED);
      assertThat(error.detail()).contains("must end with ff");
    }

    @Test
    void shouldRejectRequestCutInsideItsRange() {
      assertError(decodeError(CHUNK32,
          "611fcaae", // channel
          "08", // REQUEST
          "00000000", // start 0
          "0000"), // end: 2 of 4 bytes
          9, TRUNCATED);
    }

    @Test
    void shouldRejectIntegrityWithShortHash() {
      assertError(decodeError(CHUNK32,
          "613e7dea", // channel
          "04", // INTEGRITY
          "00000000 0000003f", // chunks 0..63
          "a227834dbaf2e07fed80186bf4b5bb53b876"), // 18 of 20 hash bytes
          13, TRUNCATED);
    }

    @Test
    void shouldRejectDataWithoutTimestamp() {
      assertError(decodeError(CHUNK32,
          "613e7dea", // channel
          "01", // DATA
          "00000005 00000005", // chunk 5
          "000000"), // 3 of 8 timestamp bytes
          13, TRUNCATED);
    }

    @Test
    void shouldRejectPexResV4WithoutPort() {
      assertError(decodeError(CHUNK32, "613e7dea", "05", "7f000001", "65"), 9, TRUNCATED);
    }

    @Test
    void shouldRejectAckWithoutDelay() {
      assertError(decodeError(CHUNK32, "611fcaae", "02", "00000000 00000000", "0000"), 13, TRUNCATED);
    }

    @Test
    void shouldRejectLiveDiscardWindowCutShort() {
      assertError(decodeError(CHUNK32,
          "00000000", "00", "613e7dea",
          "0604", // 64-bit chunk ranges: the window is 8 bytes
          "07 00000000"), // window: 4 of 8 bytes
          12, TRUNCATED);
    }
  }

  @Nested
  class UnknownCodes {
    @Test
    void shouldRejectUnknownMessageTypeAfterAGoodMessage() {
      assertError(decodeError(CHUNK32,
          "613e7dea", // channel
          "0a", // CHOKE: fine
          "0e"), // type 14: unassigned
          5, UNKNOWN_MESSAGE_TYPE);
    }

    @Test
    void shouldRejectUnknownProtocolOption() {
      assertError(decodeError(CHUNK32,
          "00000000", "00", "613e7dea",
          "0001", // version 1
          "0a 01", // option 10: unassigned
          "ff"),
          11, UNKNOWN_OPTION);
    }

    @Test
    void shouldDecodeUnknownOptionValuesButNotSpecsUnderUnknownAddressing() {
      DecodeError error = decodeError(CHUNK32,
          "613e7dea", "00", "611fcaae",
          "0309", // content integrity 9: unknown, kept
          "0409", // hash function 9: unknown, kept
          "0609", // chunk addressing 9: unknown, kept
          "ff",
          "03 00000000"); // HAVE: cannot be read under addressing 9
      assertError(error, 17, UNKNOWN_CHUNK_ADDRESSING);
    }

    @Test
    void shouldRejectIntegrityUnderUnknownHashFunction() {
      DecodingContext unknownHash = CHUNK32.withMerkleHashFunction(MerkleHashFunction.of(7));
      assertError(decodeError(unknownHash, "613e7dea", "04", "00000000 00000000", "00"), 13, UNKNOWN_HASH_FUNCTION);
    }

    @Test
    void shouldRejectSignedIntegrityWhileSignatureLengthUnknown() {
      DecodingContext rsa = CHUNK32.withLiveSignatureAlgorithm(LiveSignatureAlgorithm.RSASHA256);
      assertError(decodeError(rsa,
          "613e7dea", "07",
          "00000000 00000000", // chunk 0
          "0000000000000001", // timestamp
          "00"), // signature: RSA length depends on the key
          21, UNKNOWN_SIGNATURE_LENGTH);
    }

    @Test
    void shouldRejectLiveDiscardWindowUnderUnknownAddressing() {
      assertError(decodeError(CHUNK32, "00000000", "00", "613e7dea", "0609", "07 00000000", "ff"),
          12, UNKNOWN_CHUNK_ADDRESSING);
    }
  }

  @Nested
  class BadLengths {
    @Test
    void shouldRejectSwarmIdLongerThanTheDatagram() {
      DecodeError error = decodeError(CHUNK32,
          "00000000", "00", "613e7dea",
          "02 ffff", // swarm ID of 65535 bytes
          "651258d87cf77ea7", // but only 8 follow
          "ff");
      assertError(error, 10, BAD_LENGTH);
      assertThat(error.detail()).contains("65535");
    }

    @Test
    void shouldRejectCertificateLongerThanTheDatagram() {
      assertError(decodeError(CHUNK32, "613e7dea", "0d", "8000", "3082"), 5, BAD_LENGTH);
    }

    @Test
    void shouldRejectSupportedMessagesBitmapOver32Bytes() {
      assertError(decodeError(CHUNK32, "00000000", "00", "613e7dea", "08 21", "00".repeat(33), "ff"),
          10, BAD_LENGTH);
    }

    @Test
    void shouldRejectDuplicateOption() {
      assertError(decodeError(CHUNK32, "00000000", "00", "613e7dea", "0001", "0001", "ff"), 11, DUPLICATE_OPTION);
    }

    @Test
    void shouldRejectChunkSizeZero() {
      assertError(decodeError(CHUNK32, "00000000", "00", "613e7dea", "09 00000000", "ff"), 10, BAD_OPTION_VALUE);
    }
  }

  @Nested
  class BadChunkSpecs {
    @Test
    void shouldRejectInvertedRange() {
      assertError(decodeError(CHUNK32,
          "611fcaae", "08",
          "00000009", // start 9
          "00000002"), // end 2
          5, INVERTED_RANGE);
    }

    @Test
    void shouldRejectInvertedRangeLaterInTheDatagram() {
      assertError(decodeError(CHUNK32,
          "611fcaae",
          "08 00000000 00000000", // REQUEST 0..0: fine
          "06", // PEX_REQ
          "09 00000003 00000001"), // CANCEL 3..1
          15, INVERTED_RANGE);
    }

    @Test
    void shouldRejectAllOnesBin32() {
      DecodingContext bins = CHUNK32.withChunkAddressing(ChunkAddressing.BINS_32);
      assertError(decodeError(bins, "611fcaae", "03", "ffffffff"), 5, BIN_OUT_OF_RANGE);
    }

    @Test
    void shouldRejectAllOnesBin64() {
      DecodingContext bins = CHUNK32.withChunkAddressing(ChunkAddressing.BINS_64);
      assertError(decodeError(bins, "611fcaae", "03", "ffffffffffffffff"), 5, BIN_OUT_OF_RANGE);
    }

    @Test
    void shouldRejectByteRangeBeyond63Bits() {
      DecodingContext bytes = CHUNK32.withChunkAddressing(ChunkAddressing.BYTE_RANGES_64);
      assertError(decodeError(bytes,
          "611fcaae", "08",
          "0000000000000000", // start 0
          "8000000000000000"), // end 2^63
          13, VALUE_OUT_OF_RANGE);
    }

    @Test
    void shouldAcceptLibswiftAllBinAsAnOrdinaryBin() {
      DecodingContext bins = CHUNK32.withChunkAddressing(ChunkAddressing.BINS_32);
      DecodeResult result = DatagramDecoder.decode(
          Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("611fcaae037fffffff")), bins);
      Have have = (Have) ((DecodeResult.Decoded) result).datagram().messages().get(0);
      assertThat(have.spec().lastChunk(1024)).isEqualTo(0x7fffffffL);
    }
  }

  @Test
  void shouldNotMoveTheBufferIndicesEvenOnError() {
    // two bytes before the datagram, then channel, REQUEST, start 9, end cut to 2 bytes
    var buffer = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("aaaa" + "611fcaae" + "08" + "00000009" + "0000"));
    buffer.readerIndex(2);
    DecodeResult result = DatagramDecoder.decode(buffer, CHUNK32);
    assertThat(((DecodeResult.Malformed) result).error().offset()).isEqualTo(9);
    assertThat(buffer.readerIndex()).isEqualTo(2);
  }

  /** Found by DatagramFuzzTest: this one error gave the buffer index, not the offset in the datagram. */
  @Test
  void shouldCountAnUnknownMessageTypeFromTheDatagramEvenBehindOtherBytes() {
    byte[] crash = ByteBufUtil.decodeHexDump(
        "611f0061" + "1fcaae03caae0800000000000000000600" + "00002a0000002a020000002a0000002a0000000000000006f5");
    var buffer = Unpooled.buffer().writeZero(64).writeBytes(crash);
    buffer.readerIndex(64);
    DecodeError error = ((DecodeResult.Malformed) DatagramDecoder.decode(buffer, CHUNK32)).error();
    assertError(error, 4, UNKNOWN_MESSAGE_TYPE); // type 31, right after the channel ID
  }
}
