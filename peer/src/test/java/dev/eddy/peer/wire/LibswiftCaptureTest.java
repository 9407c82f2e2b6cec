package dev.eddy.peer.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.peer.inspect.ChannelContexts;
import dev.eddy.peer.pcap.UdpPacket;
import dev.eddy.peer.pcap.VectorCapture;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every fact of vectors/README.md about libswift-100k.pcap, checked through the codec. */
class LibswiftCaptureTest {
  private static final long LEECHER_CHANNEL = 0x613e7deaL;
  private static final long SEEDER_CHANNEL = 0x611fcaaeL;
  private static final Bytes ROOT_HASH = Bytes.fromHex("651258d87cf77ea7b3e5dd7833df8c70a306f1df");
  private static final int CHUNK_SIZE = 1024;

  /** One captured datagram, the context it was decoded under, and what came out. */
  record Decoded(UdpPacket packet, DecodingContext context, Datagram datagram) {}

  private static final List<Decoded> DATAGRAMS = new ArrayList<>();

  @BeforeAll
  static void decodeCapture() {
    ChannelContexts contexts = new ChannelContexts(DecodingContext.DEFAULT);
    for (UdpPacket packet : VectorCapture.libswiftDatagrams()) {
      ByteBuf payload = Unpooled.wrappedBuffer(packet.payload());
      DecodingContext context = contexts.contextFor(packet.source(), packet.destination(), payload.getUnsignedInt(0));
      DecodeResult result = DatagramDecoder.decode(payload, context);
      assertThat(result).as("frame %d", packet.frame()).isInstanceOf(DecodeResult.Decoded.class);
      DecodeResult.Decoded decoded = (DecodeResult.Decoded) result;
      contexts.onDecoded(packet.source(), packet.destination(), decoded.datagram(), decoded.context());
      DATAGRAMS.add(new Decoded(packet, context, decoded.datagram()));
    }
  }

  @Test
  void messageCountsMatchTheReadme() {
    Map<MessageType, Integer> counts = new EnumMap<>(MessageType.class);
    int keepAlives = 0;
    for (Decoded decoded : DATAGRAMS) {
      if (decoded.datagram().isKeepAlive()) {
        keepAlives++;
        assertThat(decoded.packet().payload()).hasSize(4);
      }
      for (Message message : decoded.datagram().messages()) {
        counts.merge(message.type(), 1, Integer::sum);
      }
    }
    assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of(
        MessageType.HANDSHAKE, 3, MessageType.HAVE, 103, MessageType.REQUEST, 9, MessageType.INTEGRITY, 201,
        MessageType.DATA, 100, MessageType.ACK, 100, MessageType.PEX_REQ, 1));
    assertThat(keepAlives).isEqualTo(15);
  }

  @Test
  void leechersOpeningHandshakeIsExactlyAsDocumented() {
    Decoded first = DATAGRAMS.get(0);
    assertThat(ByteBufUtil.hexDump(first.packet().payload())).isEqualTo(
        "00000000" + "00" + "613e7dea" + "0001" + "0101" + "020014" + ROOT_HASH.hex() + "0301" + "0400" + "0602" + "ff");
    assertThat(first.packet().payload()).hasSize(43);
    assertThat(first.datagram()).isEqualTo(new Datagram(0, List.of(new Handshake(LEECHER_CHANNEL,
        HandshakeOptions.NONE.withVersion(1).withMinimumVersion(1).withSwarmId(ROOT_HASH)
            .withContentIntegrity(ContentIntegrity.MERKLE_HASH_TREE)
            .withMerkleHashFunction(MerkleHashFunction.SHA1)
            .withChunkAddressing(ChunkAddressing.CHUNK_RANGES_32)))));
  }

  @Test
  void seedersReplyRepeatsOptionsWithoutSwarmIdThenHasEverything() {
    Datagram reply = DATAGRAMS.get(1).datagram();
    assertThat(reply).isEqualTo(new Datagram(LEECHER_CHANNEL, List.of(
        new Handshake(SEEDER_CHANNEL, HandshakeOptions.NONE.withVersion(1).withMinimumVersion(1)
            .withContentIntegrity(ContentIntegrity.MERKLE_HASH_TREE)
            .withMerkleHashFunction(MerkleHashFunction.SHA1)
            .withChunkAddressing(ChunkAddressing.CHUNK_RANGES_32)),
        new Have(new ChunkSpec.ChunkRange(0, 63)),
        new Have(new ChunkSpec.ChunkRange(64, 95)),
        new Have(new ChunkSpec.ChunkRange(96, 99)))));
  }

  @Test
  void lastHandshakeIsTheLeechersClose() {
    List<Handshake> handshakes = DATAGRAMS.stream().flatMap(d -> d.datagram().messages().stream())
        .filter(Handshake.class::isInstance).map(Handshake.class::cast).toList();
    assertThat(handshakes.get(2).isClose()).isTrue();
    assertThat(handshakes.get(2).options().isEmpty()).isTrue();
    assertThat(DATAGRAMS.get(DATAGRAMS.size() - 1).datagram().channel()).isEqualTo(SEEDER_CHANNEL);
  }

  @Test
  void reEncodingEveryDatagramGivesIdenticalBytes() {
    for (Decoded decoded : DATAGRAMS) {
      ByteBuf out = Unpooled.buffer();
      DatagramEncoder.encode(decoded.datagram(), decoded.context(), out);
      assertThat(ByteBufUtil.getBytes(out)).as("frame %d", decoded.packet().frame()).isEqualTo(decoded.packet().payload());
      assertThat(DatagramEncoder.encodedLength(decoded.datagram(), decoded.context())).isEqualTo(decoded.packet().payload().length);
    }
  }

  @Test
  void everyDataPayloadIsItsChunkOfTheContentAndComesLastAfterItsIntegrity() {
    byte[] content = VectorCapture.libswiftContent();
    TreeSet<Long> delivered = new TreeSet<>();
    for (Decoded decoded : DATAGRAMS) {
      List<Message> messages = decoded.datagram().messages();
      for (int i = 0; i < messages.size(); i++) {
        if (messages.get(i) instanceof Data data) {
          assertThat(i).isEqualTo(messages.size() - 1);
          long chunk = data.spec().firstChunk(CHUNK_SIZE);
          assertThat(data.spec().lastChunk(CHUNK_SIZE)).isEqualTo(chunk);
          int from = (int) chunk * CHUNK_SIZE;
          assertThat(ByteBufUtil.getBytes(data.payload()))
              .isEqualTo(Arrays.copyOfRange(content, from, Math.min(from + CHUNK_SIZE, content.length)));
          delivered.add(chunk);
        }
      }
    }
    assertThat(delivered).hasSize(100).first().isEqualTo(0L);
    assertThat(delivered.last()).isEqualTo(99L);
  }

  @Test
  void everyAckCarriesASmallNonNegativeDelaySample() {
    List<Ack> acks = DATAGRAMS.stream().flatMap(d -> d.datagram().messages().stream())
        .filter(Ack.class::isInstance).map(Ack.class::cast).toList();
    assertThat(acks).hasSize(100);
    // loopback: one-way delay samples are microseconds, far below a second
    assertThat(acks).allSatisfy(ack -> assertThat(ack.delaySampleMicros()).isBetween(0L, 1_000_000L));
  }
}
