package dev.eddy.peer.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.peer.channel.ChannelConfig;
import dev.eddy.peer.merkle.Hash;
import dev.eddy.peer.merkle.HashFunction;
import dev.eddy.peer.node.PeerNode;
import dev.eddy.peer.observe.PeerObservers;
import dev.eddy.peer.swarm.PickOrder;
import dev.eddy.peer.swarm.Swarm;
import dev.eddy.peer.swarm.SwarmListener;
import dev.eddy.peer.time.Clock;
import dev.eddy.peer.wire.Bytes;
import dev.eddy.peer.wire.ChunkAddressing;
import dev.eddy.peer.wire.ContentIntegrity;
import dev.eddy.peer.wire.Datagram;
import dev.eddy.peer.wire.DatagramDecoder;
import dev.eddy.peer.wire.DatagramEncoder;
import dev.eddy.peer.wire.DecodeResult;
import dev.eddy.peer.wire.DecodingContext;
import dev.eddy.peer.wire.Handshake;
import dev.eddy.peer.wire.HandshakeOptions;
import dev.eddy.peer.wire.MerkleHashFunction;
import dev.eddy.peer.wire.Message;
import dev.eddy.peer.wire.PexReq;
import dev.eddy.peer.wire.PexResCert;
import dev.eddy.peer.wire.PexResV4;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A downloading peer asks its tracker for peers over real UDP; the tracker here is a scripted socket that
 * answers with every kind of bad address, more addresses than asked for, and a certificate. Only the good
 * address is connected to; the rest are dropped and counted by reason.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PeerExchangeIT {
  private static final String ROOT = "c89800bfc82ed01ed6e3bfd5408c51274491f7d4";
  private static final DecodingContext CONTEXT = DecodingContext.DEFAULT.withChunkSize(1024);

  @TempDir Path dir;

  @Test
  void connectsToValidOffersOnlyAndCountsTheRest() throws Exception {
    Swarm swarm = Swarm.downloading(Hash.fromHex(ROOT), HashFunction.SHA1, 1024, dir.resolve("out"), PickOrder.RAREST_FIRST, SwarmListener.NONE);
    try (DatagramSocket tracker = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket goodPeer = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        PeerNode node = PeerNode.start(new InetSocketAddress("127.0.0.1", 0), ChannelConfig.DEFAULT, PeerObservers.NONE,
            Clock.system(), 1024, List.of(swarm))) {
      tracker.setSoTimeout(5000);
      goodPeer.setSoTimeout(5000);
      node.connect(swarm, (InetSocketAddress) tracker.getLocalSocketAddress());

      // The opening handshake, then our reply: the node asks for peers in its first datagram after it.
      DatagramPacket opening = receive(tracker);
      Handshake hs = (Handshake) decode(opening).get(0);
      long nodeChannel = hs.sourceChannel();
      send(tracker, opening.getSocketAddress(), new Datagram(nodeChannel, List.of(new Handshake(0x1234, reply()))));
      assertThat(decode(receiveAfterRetries(tracker, opening))).contains(PexReq.INSTANCE);

      InetSocketAddress self = node.localAddress();
      InetSocketAddress trackerAddress = (InetSocketAddress) tracker.getLocalSocketAddress();
      List<Message> answer = new ArrayList<>(List.of(
          v4("0.0.0.0", 7000), v4("127.0.0.1", 0), // unspecified
          v4("224.0.0.1", 7000), v4("255.255.255.255", 7000), // multicast, broadcast
          v4("127.0.0.1", self.getPort()), // the node itself
          v4("127.0.0.1", trackerAddress.getPort()), // the tracker itself
          v4("127.0.0.1", goodPeer.getLocalPort()), // the one real peer
          new PexResCert(Bytes.of(new byte[] {1, 2, 3}))));
      for (int i = 0; i < PeerExchange.ANSWER_LIMIT; i++) {
        answer.add(v4("127.0.0.2", 20000 + i)); // valid, but the last 7 are more than one request allows
      }
      send(tracker, opening.getSocketAddress(), new Datagram(nodeChannel, answer));

      // The node opens a channel to the good peer.
      DatagramPacket toGood = receive(goodPeer);
      assertThat(decode(toGood).get(0)).isInstanceOf(Handshake.class);
      assertThat(toGood.getSocketAddress()).isEqualTo(self);

      PexStats stats = awaitStats(node, 7);
      assertThat(stats.dropped()).isEqualTo(Map.of(
          PexVerdict.UNSPECIFIED, 2L,
          PexVerdict.MULTICAST_OR_BROADCAST, 2L,
          PexVerdict.SELF, 1L,
          PexVerdict.REQUESTER, 1L,
          PexVerdict.UNSOLICITED, 7L));
      assertThat(stats.learned()).as("the good peer and the first 13 of 127.0.0.2 (20 per request)").isEqualTo(14);
      assertThat(stats.certificatesIgnored()).isEqualTo(1);
    }
  }

  private static PexStats awaitStats(PeerNode node, long unsolicited) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    PexStats stats = node.pexStats();
    while (stats.dropped().getOrDefault(PexVerdict.UNSOLICITED, 0L) < unsolicited && System.nanoTime() < deadline) {
      Thread.sleep(20);
      stats = node.pexStats();
    }
    return stats;
  }

  private static HandshakeOptions reply() {
    return HandshakeOptions.NONE.withVersion(1).withMinimumVersion(1)
        .withContentIntegrity(ContentIntegrity.MERKLE_HASH_TREE).withMerkleHashFunction(MerkleHashFunction.SHA1)
        .withChunkAddressing(ChunkAddressing.CHUNK_RANGES_32);
  }

  private static PexResV4 v4(String host, int port) throws Exception {
    return new PexResV4((Inet4Address) InetAddress.getByName(host), port);
  }

  /**
   * The first datagram that is not the opening handshake again: on a loaded machine the node may retry its
   * handshake (after 300 ms) before our reply reaches it, and those retries are queued ahead of its answer.
   */
  private static DatagramPacket receiveAfterRetries(DatagramSocket s, DatagramPacket opening) throws Exception {
    byte[] first = Arrays.copyOf(opening.getData(), opening.getLength());
    DatagramPacket p = receive(s);
    while (Arrays.equals(first, Arrays.copyOf(p.getData(), p.getLength()))) {
      p = receive(s);
    }
    return p;
  }

  private static DatagramPacket receive(DatagramSocket s) throws Exception {
    DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
    s.receive(p);
    return p;
  }

  private static List<Message> decode(DatagramPacket p) {
    ByteBuf buf = Unpooled.wrappedBuffer(p.getData(), 0, p.getLength());
    DecodeResult result = DatagramDecoder.decode(buf, CONTEXT);
    assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
    return ((DecodeResult.Decoded) result).datagram().messages();
  }

  private static void send(DatagramSocket s, java.net.SocketAddress to, Datagram d) throws Exception {
    ByteBuf out = Unpooled.buffer();
    DatagramEncoder.encode(d, CONTEXT, out);
    byte[] bytes = new byte[out.readableBytes()];
    out.readBytes(bytes);
    s.send(new DatagramPacket(bytes, bytes.length, to));
  }
}
