package dev.eddy.peer.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.peer.pcap.UdpPacket;
import dev.eddy.peer.pcap.VectorCapture;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The allocation-free accessors read the same values the records carry. */
class DatagramReaderTest {
  private final DatagramReader reader = new DatagramReader();

  @Test
  void accessorsAgreeWithRecordsOnEveryLibswiftDatagram() {
    DecodingContext context = DecodingContext.DEFAULT; // the whole capture uses 32-bit chunk ranges
    int checked = 0;
    for (UdpPacket packet : VectorCapture.libswiftDatagrams()) {
      ByteBuf wire = Unpooled.wrappedBuffer(packet.payload());
      Datagram expected = ((DecodeResult.Decoded) DatagramDecoder.decode(wire, context)).datagram();

      assertThat(reader.wrap(wire, context)).isEqualTo(DatagramReader.Status.DATAGRAM);
      assertThat(reader.channel()).isEqualTo(expected.channel());
      assertThat(reader.messageCount()).isEqualTo(expected.messages().size());
      for (int i = 0; i < reader.messageCount(); i++) {
        Message message = expected.messages().get(i);
        reader.select(i);
        assertThat(reader.type()).isEqualTo(message.type());
        assertThat(reader.message()).isEqualTo(message);
        if (message instanceof Message.AboutChunks about) {
          assertThat(reader.rangeStart()).isEqualTo(about.spec().firstChunk(1024));
          assertThat(reader.rangeEnd()).isEqualTo(about.spec().lastChunk(1024));
        }
        if (message instanceof Data data) {
          assertThat(reader.timestamp()).isEqualTo(data.timestamp());
          assertThat(reader.bodyLength()).isEqualTo(data.payload().readableBytes());
          assertThat(reader.payload()).isEqualTo(data.payload());
        } else if (message instanceof Ack ack) {
          assertThat(reader.delaySampleMicros()).isEqualTo(ack.delaySampleMicros());
        } else if (message instanceof Integrity integrity) {
          assertThat(Bytes.copyOf(wire, reader.bodyIndex(), reader.bodyLength())).isEqualTo(integrity.hash());
        }
        checked++;
      }
    }
    assertThat(checked).isEqualTo(3 + 103 + 9 + 201 + 100 + 100 + 1);
  }

  @Test
  void readsBinsAndGrowsPastSixteenMessages() {
    DecodingContext bins = DecodingContext.DEFAULT.withChunkAddressing(ChunkAddressing.BINS_64);
    List<Message> haves = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      haves.add(new Have(new ChunkSpec.Bin(4L * i + 1))); // layer 1: chunks 2i..2i+1
    }
    ByteBuf wire = Unpooled.buffer();
    DatagramEncoder.encode(new Datagram(7, haves), bins, wire);

    assertThat(reader.wrap(wire, bins)).isEqualTo(DatagramReader.Status.DATAGRAM);
    assertThat(reader.messageCount()).isEqualTo(40);
    reader.select(39);
    assertThat(reader.bin()).isEqualTo(157);
    assertThat(reader.rangeStart()).isEqualTo(78);
    assertThat(reader.rangeEnd()).isEqualTo(79);
  }

  @Test
  void aMalformedDatagramLeavesNoMessagesToRead() {
    ByteBuf wire = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("611fcaae" + "0a" + "0800000003"));
    assertThat(reader.wrap(wire, DecodingContext.DEFAULT)).isEqualTo(DatagramReader.Status.MALFORMED);
    assertThat(reader.error().reason()).isEqualTo(DecodeError.Reason.TRUNCATED);
    assertThat(reader.messageCount()).isZero();
  }
}
