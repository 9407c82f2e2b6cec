package dev.eddy.peer.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.peer.channel.ChannelConfig;
import dev.eddy.peer.merkle.HashFunction;
import dev.eddy.peer.merkle.MerkleTree;
import dev.eddy.peer.observe.DropReason;
import dev.eddy.peer.observe.PeerObserver;
import dev.eddy.peer.storage.ContentFile;
import dev.eddy.peer.swarm.Swarm;
import dev.eddy.peer.time.Clock;
import dev.eddy.peer.wire.Bytes;
import dev.eddy.peer.wire.ChunkAddressing;
import dev.eddy.peer.wire.ContentIntegrity;
import dev.eddy.peer.wire.Datagram;
import dev.eddy.peer.wire.DatagramEncoder;
import dev.eddy.peer.wire.DecodingContext;
import dev.eddy.peer.wire.Handshake;
import dev.eddy.peer.wire.HandshakeOptions;
import dev.eddy.peer.wire.MerkleHashFunction;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The node's demultiplexer on a real UDP socket: what reaches no channel is dropped and reported by reason. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PeerNodeIT {
  private static final String M74_ROOT = "c89800bfc82ed01ed6e3bfd5408c51274491f7d4";
  private final List<String> drops = new CopyOnWriteArrayList<>();
  private PeerNode node;
  private DatagramSocket a;
  private DatagramSocket b;

  @BeforeEach
  void start() throws Exception {
    Path m74 = Path.of(System.getProperty("eddy.vectors"), "m74.jpg");
    Swarm swarm = Swarm.seeding(MerkleTree.build(m74, 1024, HashFunction.SHA1), ContentFile.open(m74, 1024));
    PeerObserver recorder = new PeerObserver() {
      @Override
      public void onDatagramDropped(DropReason reason, String detail, InetSocketAddress peer, int bytes) {
        drops.add(reason + " " + bytes);
      }
    };
    node = PeerNode.start(new InetSocketAddress("127.0.0.1", 0), ChannelConfig.DEFAULT, recorder, Clock.system(), 1024, List.of(swarm));
    a = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    b = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    a.setSoTimeout(3000);
  }

  @AfterEach
  void stop() {
    node.close();
    a.close();
    b.close();
  }

  private void send(DatagramSocket from, byte[] bytes) throws Exception {
    from.send(new DatagramPacket(bytes, bytes.length, node.localAddress()));
  }

  private byte[] receive(DatagramSocket s) throws Exception {
    DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
    s.receive(p);
    byte[] out = new byte[p.getLength()];
    System.arraycopy(p.getData(), 0, out, 0, p.getLength());
    return out;
  }

  private static byte[] opening(long sourceChannel, String swarmHex) {
    HandshakeOptions options = HandshakeOptions.NONE.withVersion(1).withMinimumVersion(1).withSwarmId(Bytes.fromHex(swarmHex))
        .withContentIntegrity(ContentIntegrity.MERKLE_HASH_TREE).withMerkleHashFunction(MerkleHashFunction.SHA1)
        .withChunkAddressing(ChunkAddressing.CHUNK_RANGES_32);
    ByteBuf out = Unpooled.buffer();
    DatagramEncoder.encode(new Datagram(0, List.of(new Handshake(sourceChannel, options))), DecodingContext.DEFAULT, out);
    byte[] bytes = new byte[out.readableBytes()];
    out.readBytes(bytes);
    return bytes;
  }

  private void awaitDrops(int count) throws InterruptedException {
    for (int i = 0; i < 300 && drops.size() < count; i++) {
      Thread.sleep(10);
    }
  }

  @Test
  void dropsAndCountsWhatReachesNoChannel() throws Exception {
    send(a, new byte[] {0, 0}); // shorter than a channel ID
    send(a, new byte[] {0x12, 0x34, 0x56, 0x78}); // keep-alive for a channel nobody opened
    // libswift's pre-PPSPP fallback: channel 0, type 04 with bin 7fffffff and a 20-byte hash, then handshake.
    ByteBuffer legacy = ByteBuffer.allocate(34);
    legacy.putInt(0).put((byte) 4).putInt(0x7fffffff).put(Bytes.fromHex(M74_ROOT).toByteArray()).put((byte) 0).putInt(0x0abc);
    send(a, legacy.array());
    awaitDrops(3);
    assertThat(drops).containsExactly("MALFORMED 2", "UNKNOWN_CHANNEL 4", "LEGACY_FORMAT 34");
  }

  @Test
  void refusesAnUnknownSwarmWithACloseHandshake() throws Exception {
    send(a, opening(0x0a0b0c0d, "0123456789abcdef0123456789abcdef01234567"));
    byte[] reply = receive(a);
    // <our channel 0a0b0c0d> 00 HANDSHAKE, source channel 0 (close), ff end
    assertThat(reply).containsExactly(0x0a, 0x0b, 0x0c, 0x0d, 0x00, 0, 0, 0, 0, 0xff);
    awaitDrops(1);
    assertThat(drops).containsExactly("HANDSHAKE_REFUSED 43");
  }

  @Test
  void repliesWithOnlyAHandshakeAndChecksTheSourceAddress() throws Exception {
    send(a, opening(0x01020304, M74_ROOT));
    byte[] reply = receive(a);
    assertThat(reply).startsWith(0x01, 0x02, 0x03, 0x04, 0x00); // HANDSHAKE to our channel
    long nodeChannel = ByteBuffer.wrap(reply, 5, 4).getInt() & 0xFFFFFFFFL;
    assertThat(nodeChannel).isNotZero();
    // Nothing but the reply before we prove our address: no HAVE, no data.
    a.setSoTimeout(300);
    try {
      byte[] more = receive(a);
      throw new AssertionError("unexpected datagram before the handshake completed: " + more.length + " bytes");
    } catch (SocketTimeoutException expected) {
      // no amplification
    }
    byte[] keepAlive = ByteBuffer.allocate(4).putInt((int) nodeChannel).array();
    send(b, keepAlive); // right channel, wrong address
    awaitDrops(1);
    assertThat(drops).containsExactly("WRONG_SOURCE_ADDRESS 4");
    send(a, keepAlive); // the initiator proves its address: now the seeder announces what it has
    a.setSoTimeout(3000);
    byte[] have = receive(a);
    assertThat(have[4]).isEqualTo((byte) 3); // HAVE
  }
}
