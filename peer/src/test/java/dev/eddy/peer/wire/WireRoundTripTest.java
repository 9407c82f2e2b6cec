package dev.eddy.peer.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireRoundTripTest {
  private static final Bytes M74_ROOT = Bytes.fromHex("c89800bfc82ed01ed6e3bfd5408c51274491f7d4");

  static ByteBuf hex(String hex) {
    return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex.replace(" ", "")));
  }

  static DecodeResult.Decoded decoded(DecodeResult result) {
    assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
    return (DecodeResult.Decoded) result;
  }

  static String encode(Datagram datagram, DecodingContext context) {
    ByteBuf out = Unpooled.buffer();
    DatagramEncoder.encode(datagram, context, out);
    assertThat(out.readableBytes()).isEqualTo(DatagramEncoder.encodedLength(datagram, context));
    return ByteBufUtil.hexDump(out);
  }

  @Test
  void decodesLibswiftOpeningHandshakeFromVectorsReadme() {
    String wire = "00000000" + "00 ef1961d4 00 01 01 01 02 0014 c89800bfc82ed01ed6e3bfd5408c51274491f7d4 03 01 04 00 06 02 ff";
    DecodeResult.Decoded result = decoded(DatagramDecoder.decode(hex(wire), DecodingContext.DEFAULT));

    Handshake handshake = (Handshake) result.datagram().messages().get(0);
    assertThat(result.datagram().channel()).isZero();
    assertThat(handshake.sourceChannel()).isEqualTo(0xef1961d4L);
    HandshakeOptions expected = HandshakeOptions.NONE.withVersion(1).withMinimumVersion(1).withSwarmId(M74_ROOT)
        .withContentIntegrity(ContentIntegrity.MERKLE_HASH_TREE)
        .withMerkleHashFunction(MerkleHashFunction.SHA1)
        .withChunkAddressing(ChunkAddressing.CHUNK_RANGES_32);
    assertThat(handshake.options()).isEqualTo(expected);
    assertThat(encode(result.datagram(), DecodingContext.DEFAULT)).isEqualTo(wire.replace(" ", ""));
  }

  @Test
  void handshakeEarlierInDatagramDecidesHowLaterMessagesDecode() {
    // Reply announcing 32-bit bins, then HAVE bin 7 (chunks 0..7): 4 bytes, not a chunk range.
    String wire = "613e7dea" + "00 00000001 06 00 ff" + "03 00000007";
    DecodeResult.Decoded result = decoded(DatagramDecoder.decode(hex(wire), DecodingContext.DEFAULT));

    assertThat(result.datagram().messages().get(1)).isEqualTo(new Have(new ChunkSpec.Bin(7)));
    assertThat(result.context().chunkAddressing()).isEqualTo(ChunkAddressing.BINS_32);
    assertThat(encode(result.datagram(), DecodingContext.DEFAULT)).isEqualTo(wire.replace(" ", ""));
  }

  @Test
  void closeIsAHandshakeFromChannelZeroWithOnlyTheEndOption() {
    String wire = "613e7dea 00 00000000 ff";
    Handshake close = (Handshake) decoded(DatagramDecoder.decode(hex(wire), DecodingContext.DEFAULT))
        .datagram().messages().get(0);
    assertThat(close.isClose()).isTrue();
    assertThat(close).isEqualTo(Handshake.close());
  }

  @Test
  void keepAliveIsAChannelIdAlone() {
    DecodeResult.Decoded result = decoded(DatagramDecoder.decode(hex("613e7dea"), DecodingContext.DEFAULT));
    assertThat(result.datagram().isKeepAlive()).isTrue();
    assertThat(encode(Datagram.keepAlive(0x613e7deaL), DecodingContext.DEFAULT)).isEqualTo("613e7dea");
  }

  @Test
  void recognisesLibswiftLegacyHandshake() {
    String wire = "00000000 04 7fffffff " + M74_ROOT.hex() + " 00 12345678";
    DecodeResult result = DatagramDecoder.decode(hex(wire), DecodingContext.DEFAULT);
    assertThat(result).isEqualTo(new DecodeResult.Legacy(new LegacyHandshake(M74_ROOT, 0x12345678L, 34)));
  }

  @Test
  void roundTripsEveryMessageTypeUnderEveryAddressingMethod() throws Exception {
    for (ChunkAddressing addressing : List.of(ChunkAddressing.BINS_32, ChunkAddressing.BYTE_RANGES_64,
        ChunkAddressing.CHUNK_RANGES_32, ChunkAddressing.BINS_64, ChunkAddressing.CHUNK_RANGES_64)) {
      DecodingContext context = DecodingContext.DEFAULT.withChunkAddressing(addressing)
          .withMerkleHashFunction(MerkleHashFunction.SHA256);
      ChunkSpec spec = addressing.specFor(4, 7, 1024);
      Datagram datagram = new Datagram(0xfedcba98L, List.of(
          new Handshake(0x01020304L, HandshakeOptions.NONE.withVersion(1).withMinimumVersion(1)
              .withSwarmId(M74_ROOT).withContentIntegrity(ContentIntegrity.UNIFIED_MERKLE_TREE)
              .withMerkleHashFunction(MerkleHashFunction.SHA256)
              .withLiveSignatureAlgorithm(LiveSignatureAlgorithm.ECDSAP256SHA256)
              .withChunkAddressing(addressing).withLiveDiscardWindow(1000)
              .withSupportedMessages(SupportedMessages.all()).withChunkSize(1024)),
          new Have(spec),
          new Ack(spec, -1234),
          new Integrity(spec, Bytes.of(new byte[32])),
          new PexResV4((Inet4Address) InetAddress.getByName("192.0.2.7"), 26000),
          PexReq.INSTANCE,
          new SignedIntegrity(spec, 1_700_000_000_000_000L, Bytes.of(new byte[64])),
          new Request(spec),
          new Cancel(spec),
          Choke.INSTANCE,
          Unchoke.INSTANCE,
          new PexResV6((Inet6Address) InetAddress.getByName("2001:db8::1"), 7),
          new PexResCert(Bytes.fromHex("30820102")),
          new Data(spec, 42, Unpooled.wrappedBuffer(new byte[] {1, 2, 3}))));

      ByteBuf out = Unpooled.buffer();
      DecodingContext after = DatagramEncoder.encode(datagram, context, out);
      DecodeResult.Decoded result = decoded(DatagramDecoder.decode(out, context));

      assertThat(result.datagram()).as("%s", addressing).isEqualTo(datagram);
      assertThat(result.context()).isEqualTo(after);
      assertThat(result.context().chunkSize()).isEqualTo(1024);
      ByteBuf again = Unpooled.buffer();
      DatagramEncoder.encode(result.datagram(), context, again);
      assertThat(again).isEqualTo(out);
    }
  }

  @Test
  void dataPayloadIsASliceOfTheDatagramNotACopy() {
    ByteBuf wire = hex("613e7dea 01 00000005 00000005 0000000000000001 cafe");
    Data data = (Data) decoded(DatagramDecoder.decode(wire, DecodingContext.DEFAULT)).datagram().messages().get(0);
    wire.setByte(wire.writerIndex() - 1, 0xff);
    assertThat(ByteBufUtil.hexDump(data.payload())).isEqualTo("caff");
    assertThat(data.payload().refCnt()).isEqualTo(wire.refCnt());
  }

  @Test
  void encoderRejectsSpecsThatDoNotFitTheAddressing() {
    Datagram datagram = new Datagram(1, List.of(new Have(new ChunkSpec.ChunkRange(0, 2))));
    DecodingContext bins = DecodingContext.DEFAULT.withChunkAddressing(ChunkAddressing.BINS_32);
    assertThatThrownBy(() -> DatagramEncoder.encode(datagram, bins, Unpooled.buffer()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void binCoverSplitsARangeIntoAlignedBins() {
    assertThat(ChunkAddressing.BINS_32.cover(0, 99, 1024))
        .extracting(spec -> spec.firstChunk(1024) + ".." + spec.lastChunk(1024))
        .containsExactly("0..63", "64..95", "96..99");
    assertThat(new ChunkSpec.Bin(0x7fffffffL).lastChunk(1024)).isEqualTo(0x7fffffffL);
    assertThat(ChunkAddressing.BYTE_RANGES_64.specFor(2, 3, 1024)).isEqualTo(new ChunkSpec.ByteRange(2048, 4095));
  }
}
