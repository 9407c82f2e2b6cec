package dev.eddy.bench;

import dev.eddy.peer.wire.Ack;
import dev.eddy.peer.wire.Bytes;
import dev.eddy.peer.wire.ChunkSpec;
import dev.eddy.peer.wire.Data;
import dev.eddy.peer.wire.Datagram;
import dev.eddy.peer.wire.DatagramDecoder;
import dev.eddy.peer.wire.DatagramEncoder;
import dev.eddy.peer.wire.DatagramReader;
import dev.eddy.peer.wire.DecodeResult;
import dev.eddy.peer.wire.DecodingContext;
import dev.eddy.peer.wire.Have;
import dev.eddy.peer.wire.Integrity;
import dev.eddy.peer.wire.Message;
import dev.eddy.peer.wire.MessageType;
import dev.eddy.peer.wire.Request;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Encode and decode throughput of the two datagrams a transfer is made of: a DATA datagram (one 1024-byte
 * chunk after the INTEGRITY messages that prove it: seven SHA-1 uncle hashes, as for a chunk of a
 * 100-chunk file) and a control datagram of ten messages (ACKs, HAVEs, REQUESTs). The baselines touch the
 * same bytes with no codec at all: reading every 8 bytes of the datagram (decode) and copying the
 * pre-encoded bytes (encode). Run with {@code -prof gc} to see bytes allocated per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WireCodecBenchmark {
  @Param({"data", "control"})
  public String datagram;

  private static final DecodingContext CONTEXT = DecodingContext.DEFAULT;
  private Datagram value;
  private ByteBuf wire;
  private ByteBuf out;
  private final DatagramReader reader = new DatagramReader();

  @Setup
  public void setUp() {
    value = datagram.equals("data") ? dataDatagram() : controlDatagram();
    wire = Unpooled.directBuffer(1500);
    DatagramEncoder.encode(value, CONTEXT, wire);
    out = Unpooled.directBuffer(1500);
  }

  static Datagram dataDatagram() {
    Random random = new Random(42);
    List<Message> messages = new ArrayList<>();
    // uncles of chunk 37 in a 128-leaf tree, from the top down
    long[][] uncles = {{64, 127}, {0, 31}, {48, 63}, {40, 47}, {32, 35}, {38, 39}, {36, 36}};
    for (long[] uncle : uncles) {
      byte[] hash = new byte[20];
      random.nextBytes(hash);
      messages.add(new Integrity(new ChunkSpec.ChunkRange(uncle[0], uncle[1]), Bytes.of(hash)));
    }
    byte[] chunk = new byte[1024];
    random.nextBytes(chunk);
    messages.add(new Data(new ChunkSpec.ChunkRange(37, 37), 1_795_663_033_434_673L, Unpooled.wrappedBuffer(chunk)));
    return new Datagram(0x613e7deaL, messages);
  }

  static Datagram controlDatagram() {
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      messages.add(new Ack(new ChunkSpec.ChunkRange(i, i), 250 + i));
      messages.add(new Have(new ChunkSpec.ChunkRange(i, i)));
    }
    messages.add(new Request(new ChunkSpec.ChunkRange(4, 11)));
    messages.add(new Request(new ChunkSpec.ChunkRange(12, 19)));
    return new Datagram(0x611fcaaeL, messages);
  }

  @Benchmark
  public DecodeResult decode() {
    return DatagramDecoder.decode(wire, CONTEXT);
  }

  /**
   * The allocation-free path: check the datagram, then read every field of every message from the
   * buffer; a DATA payload is taken as a view (the one object this path may create).
   */
  @Benchmark
  public void readFields(Blackhole blackhole) {
    if (reader.wrap(wire, CONTEXT) != DatagramReader.Status.DATAGRAM) {
      throw new IllegalStateException(String.valueOf(reader.error()));
    }
    for (int i = 0; i < reader.messageCount(); i++) {
      reader.select(i);
      MessageType type = reader.type();
      blackhole.consume(reader.rangeStart());
      blackhole.consume(reader.rangeEnd());
      switch (type) {
        case INTEGRITY -> blackhole.consume(wire.getByte(reader.bodyIndex()));
        case ACK -> blackhole.consume(reader.delaySampleMicros());
        case DATA -> {
          blackhole.consume(reader.timestamp());
          blackhole.consume(reader.payload());
        }
        default -> blackhole.consume(type);
      }
    }
  }

  @Benchmark
  public int encode() {
    out.clear();
    DatagramEncoder.encode(value, CONTEXT, out);
    return out.writerIndex();
  }

  /** Baseline for decode: read every byte of the datagram once, 8 at a time. */
  @Benchmark
  public long baselineReadAllBytes() {
    long sum = 0;
    int end = wire.writerIndex() - 7;
    int i = wire.readerIndex();
    for (; i < end; i += 8) {
      sum += wire.getLong(i);
    }
    for (; i < wire.writerIndex(); i++) {
      sum += wire.getByte(i);
    }
    return sum;
  }

  /** Baseline for encode: copy the already-encoded bytes into the output buffer. */
  @Benchmark
  public int baselineCopyEncodedBytes() {
    out.clear();
    out.writeBytes(wire, wire.readerIndex(), wire.readableBytes());
    return out.writerIndex();
  }
}
