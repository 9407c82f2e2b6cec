package dev.eddy.peer.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.eddy.peer.merkle.HashFunction;
import dev.eddy.peer.merkle.MerkleTree;
import dev.eddy.peer.observe.CloseReason;
import dev.eddy.peer.observe.PeerObserver;
import dev.eddy.peer.storage.ChunkStore;
import dev.eddy.peer.storage.ContentFile;
import dev.eddy.peer.swarm.PickOrder;
import dev.eddy.peer.swarm.Swarm;
import dev.eddy.peer.swarm.SwarmListener;
import dev.eddy.peer.time.Clock;
import dev.eddy.peer.wire.Data;
import dev.eddy.peer.wire.Datagram;
import dev.eddy.peer.wire.DatagramDecoder;
import dev.eddy.peer.wire.DatagramEncoder;
import dev.eddy.peer.wire.DecodeResult;
import dev.eddy.peer.wire.DecodingContext;
import dev.eddy.peer.wire.Handshake;
import dev.eddy.peer.wire.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of one channel fed a sequence of datagrams from a remote peer the fuzzer plays
 * (FUZZING.md). Input: a role byte (bit 0: we download, or we seed), then steps, each a byte taken modulo
 * 3 and what follows it: {@code 0 LEN:2 BYTES} a datagram, decoded under the channel's context as the
 * peer does (malformed ones are dropped there, before the channel); {@code 1 MS:2} time passes and the
 * timer ticks; {@code 2} we choke or unchoke the remote. Each step ends the read batch (control flushed). Seeds are the datagrams of honest sessions between two
 * channels. Whatever the steps: no exception escapes the channel (the peer would drop the datagram as an
 * internal error); everything it sends encodes; a downloader never writes a byte that does not verify; a
 * seeder sends only the true content, and nothing but its handshake reply before the remote proves its
 * address (RFC 7574 §12.1).
 */
class ChannelFuzzTest {
  private static final int CHUNK = 64;
  private static final InetSocketAddress REMOTE = new InetSocketAddress("127.0.0.1", 2000);
  private static final long LOCAL_ID = 0x1000;
  private static final long REMOTE_ID = 0x2000;
  private static final Content CONTENT = Content.make();

  /** A few tree levels and an odd last chunk, in few bytes, so that mutations reach every branch fast. */
  private record Content(byte[] bytes, Path file, MerkleTree tree, ContentFile source, Path downloads) {
    static Content make() {
      try {
        byte[] bytes = new byte[11 * CHUNK + 20];
        new Random(42).nextBytes(bytes);
        // tmpfs where there is one: a completed download forces its file to the device
        Path shm = Path.of("/dev/shm");
        Path dir = Files.isDirectory(shm) && Files.isWritable(shm)
            ? Files.createTempDirectory(shm, "channel-fuzz") : Files.createTempDirectory("channel-fuzz");
        dir.toFile().deleteOnExit();
        Path file = Files.write(dir.resolve("content.bin"), bytes);
        file.toFile().deleteOnExit();
        Path downloads = Files.createDirectories(dir.resolve("downloads"));
        downloads.toFile().deleteOnExit();
        return new Content(bytes, file, MerkleTree.build(file, CHUNK, HashFunction.SHA1), ContentFile.open(file, CHUNK),
            downloads);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    byte[] chunk(long index) {
      int from = (int) index * CHUNK;
      return Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + CHUNK));
    }
  }

  @MethodSource("honestSessions")
  @FuzzTest
  void survivesAnySequenceOfDatagrams(byte[] input) throws IOException {
    if (input.length == 0) {
      return;
    }
    boolean downloading = (input[0] & 1) == 0;
    Path output = CONTENT.downloads().resolve("out.bin");
    Swarm swarm = downloading
        ? Swarm.downloading(CONTENT.tree().rootHash(), HashFunction.SHA1, CHUNK, output, PickOrder.SEQUENTIAL, SwarmListener.NONE)
        : Swarm.seeding(CONTENT.tree(), CONTENT.source());
    Env env = new Env(downloading);
    Channel channel;
    if (downloading) {
      channel = Channel.initiate(env, ChannelConfig.DEFAULT, swarm, LOCAL_ID, REMOTE);
    } else {
      DecodingContext base = Channel.baseContextFor(swarm);
      Handshake opening = new Handshake(REMOTE_ID, Channel.openingOptions(swarm, base));
      channel = Channel.accept(env, ChannelConfig.DEFAULT, swarm, LOCAL_ID, REMOTE, opening,
          base.afterHandshake(opening.options()).withChunkSize(CHUNK));
    }
    env.channel = channel;
    try {
      run(channel, env, input);
    } finally {
      if (downloading) {
        swarm.close();
        assertOnlyVerifiedBytesWritten(swarm, output);
        Files.deleteIfExists(output);
        Files.deleteIfExists(output.resolveSibling("out.bin" + ChunkStore.PART_SUFFIX));
      }
    }
  }

  private static void run(Channel channel, Env env, byte[] input) {
    int at = 1;
    while (at < input.length) {
      int step = input[at++] & 0xFF;
      switch (step % 3) {
        case 0 -> {
          int length = Math.min(u16(input, at), input.length - at - 2);
          at += 2;
          if (length < 0) {
            return;
          }
          byte[] datagram = Arrays.copyOfRange(input, at, at + length);
          at += length;
          deliver(channel, datagram);
        }
        case 1 -> {
          int ms = Math.max(u16(input, at), 0);
          at += 2;
          env.clock.nowNs += ms * 1_000_000L;
          channel.onTick(env.clock.nowNs);
        }
        default -> channel.setChoking(!channel.sender().choking());
      }
      channel.flushControl();
    }
  }

  /** What the peer does with a datagram for this channel from the right address: decode, then hand over. */
  private static void deliver(Channel channel, byte[] bytes) {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes);
    if (DatagramDecoder.decode(buf, channel.receiveContext()) instanceof DecodeResult.Decoded decoded) {
      channel.onDatagram(decoded.datagram().messages(), decoded.context(), bytes.length);
      channel.onWritable();
    }
  }

  /** Each chunk of the output holds the content's bytes or was never written (zeros, as preallocated). */
  private static void assertOnlyVerifiedBytesWritten(Swarm swarm, Path output) throws IOException {
    Path written = Files.exists(output) ? output : output.resolveSibling("out.bin" + ChunkStore.PART_SUFFIX);
    if (!Files.exists(written)) {
      assertThat(swarm.chunksHeld()).isZero();
      return;
    }
    byte[] file = Files.readAllBytes(written);
    assertThat(file.length).isLessThanOrEqualTo(12 * CHUNK);
    for (long chunk = 0; chunk * CHUNK < file.length; chunk++) {
      byte[] got = Arrays.copyOfRange(file, (int) chunk * CHUNK, (int) Math.min(file.length, (chunk + 1) * CHUNK));
      byte[] expected = Arrays.copyOf(CONTENT.chunk(chunk), got.length);
      if (swarm.holds(chunk)) {
        assertThat(got).as("verified chunk %d", chunk).isEqualTo(expected);
      } else {
        assertThat(got).as("chunk %d, never verified", chunk).containsOnly(0);
      }
    }
  }

  private static int u16(byte[] input, int at) {
    return at + 1 < input.length ? ((input[at] & 0xFF) << 8) | (input[at + 1] & 0xFF) : -1;
  }

  /** The channel's world: a manual clock, and a send that encodes and checks everything the channel sends. */
  private static final class Env implements ChannelEnv, PeerObserver {
    final ManualClock clock = new ManualClock();
    final boolean downloading;
    Channel channel;

    Env(boolean downloading) {
      this.downloading = downloading;
    }

    @Override
    public Clock clock() {
      return clock;
    }

    @Override
    public PeerObserver observer() {
      return this;
    }

    @Override
    public ByteBufAllocator allocator() {
      return UnpooledByteBufAllocator.DEFAULT;
    }

    @Override
    public void send(Channel from, long destination, List<Message> messages) {
      DecodingContext context = from.sendContext();
      try {
        if (!downloading && from.state() == Channel.State.REPLIED) {
          // before the remote proved its address: the one handshake reply, or a close, nothing more
          assertThat(messages).as("sent to an unconfirmed address").singleElement().isInstanceOf(Handshake.class);
        }
        ByteBuf out = Unpooled.buffer();
        DatagramEncoder.encode(new Datagram(destination, messages), context, out);
        for (Message m : messages) {
          if (m instanceof Data data) {
            long chunk = data.spec().firstChunk(context.chunkSize());
            assertThat(ByteBufUtil.getBytes(data.payload())).as("DATA for chunk %d", chunk)
                .isEqualTo(CONTENT.chunk(chunk));
          }
        }
      } finally {
        for (Message m : messages) {
          if (m instanceof Data data) {
            data.payload().release();
          }
        }
      }
    }

    @Override
    public void sendSplit(Channel from, long destination, List<Message> messages, int payloadLimit) {
      send(from, destination, messages);
    }

    @Override
    public boolean canSendMore() {
      return true;
    }

    @Override
    public void markDirty(Channel dirty) {}

    @Override
    public void onOpened(Channel opened) {}

    @Override
    public void onPex(Channel from, Message message) {
      assertThat(from.state()).as("PEX handed on from a channel that is not open").isEqualTo(Channel.State.OPEN);
    }

    @Override
    public void onClosed(Channel closed, CloseReason reason, String detail) {}
  }

  // ---- seeds ----------------------------------------------------------------------------------------------

  /**
   * Seeds: what the remote sends in honest sessions over {@link MemoryNetwork}, once with the remote as
   * the seeder (we download) and once as the downloader (we seed), with the time between datagrams, plus
   * the same with some of it lost.
   */
  static Stream<Arguments> honestSessions() throws IOException {
    return Stream.of(session(true, 0), session(false, 0), session(true, 7), session(false, 7))
        .map(bytes -> Arguments.of((Object) bytes));
  }

  private static byte[] session(boolean weDownload, int lossPercent) throws IOException {
    MemoryNetwork net = new MemoryNetwork();
    Path dir = Files.createTempDirectory("channel-fuzz-seed");
    try {
      net.b.swarm = Swarm.seeding(CONTENT.tree(), CONTENT.source());
      net.a.swarm = Swarm.downloading(CONTENT.tree().rootHash(), HashFunction.SHA1, CHUNK, dir.resolve("out.bin"), PickOrder.SEQUENTIAL,
          SwarmListener.NONE);
      DecodingContext context = Channel.baseContextFor(net.b.swarm);
      // we are a (downloading) or b (seeding): record what the other side sends us
      ByteArrayOutputStream steps = new ByteArrayOutputStream();
      steps.write(weDownload ? 0 : 1);
      long[] lastNs = {net.clock.nowNs};
      Random random = new Random(lossPercent);
      net.rewrite = d -> {
        boolean toA = d.channel() != 0 && net.a.channels.containsKey(d.channel());
        boolean fromRemote = weDownload == toA;
        boolean opening = d.channel() == 0;
        if (fromRemote && !opening && random.nextInt(100) >= lossPercent) {
          long ms = (net.clock.nowNs - lastNs[0]) / 1_000_000L;
          if (ms > 0) {
            steps.write(1);
            steps.write((int) (ms >>> 8));
            steps.write((int) ms);
            lastNs[0] = net.clock.nowNs;
          }
          ByteBuf out = Unpooled.buffer();
          DatagramEncoder.encode(d, context, out);
          steps.write(0);
          steps.write(out.readableBytes() >>> 8);
          steps.write(out.readableBytes());
          steps.writeBytes(ByteBufUtil.getBytes(out));
        }
        return d;
      };
      net.a.connect();
      net.tick(500, 5);
      net.a.swarm.close();
      return steps.toByteArray();
    } finally {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(dir);
    }
  }
}
