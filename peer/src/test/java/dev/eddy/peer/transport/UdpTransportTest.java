package dev.eddy.peer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real sockets on loopback. With segmentation offload on, what leaves must still be the very datagrams sent,
 * one by one and in order, whether the receiver reads them plainly (a libswift peer) or with GRO (Eddy).
 */
class UdpTransportTest {
  private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress("127.0.0.1", 0);
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  /**
   * Runs of equal sizes longer than one segmented write, a shorter datagram ending a run, sizes mixed, and a
   * run of 8 KiB chunks' datagrams (offloaded in larger segments where the path takes them, as loopback does).
   */
  private static List<byte[]> datagrams() {
    List<byte[]> all = new ArrayList<>();
    int[] sizes = new int[170];
    Arrays.fill(sizes, 0, 100, 1045);
    sizes[100] = 700;
    Arrays.fill(sizes, 101, 120, 1045);
    for (int i = 120; i < 150; i++) {
      sizes[i] = i % 3 == 0 ? 1045 : 60 + i; // alternating sizes: runs of one
    }
    sizes[149] = 1500; // alone between other sizes
    Arrays.fill(sizes, 150, 170, 8213);
    for (int i = 0; i < sizes.length; i++) {
      byte[] d = new byte[sizes[i]];
      Arrays.fill(d, (byte) i);
      d[0] = (byte) (i >> 8);
      all.add(d);
    }
    return all;
  }

  private UdpTransport bind(DatagramHandler handler) {
    UdpTransport t = UdpTransport.bind(ANY_LOOPBACK_PORT, 8213, handler);
    open.add(t);
    return t;
  }

  private static void sendAll(UdpTransport from, List<byte[]> datagrams, InetSocketAddress to) throws Exception {
    from.eventLoop().submit(() -> {
      for (byte[] d : datagrams) {
        ByteBuf b = from.allocator().directBuffer(d.length);
        b.writeBytes(d);
        from.send(b, to);
      }
      from.flushNow();
    }).get(10, TimeUnit.SECONDS);
  }

  @Test
  void segmentationIsOnWithNativeEpoll() {
    UdpTransport t = bind((d, s) -> {});
    assumeThat(t.usesNativeEpoll()).isTrue();
    assertThat(t.usesSegmentation()).isTrue();
  }

  @Test
  void aPlainReceiverGetsEveryDatagramAloneAndInOrder() throws Exception {
    UdpTransport sender = bind((d, s) -> {});
    DatagramSocket receiver = new DatagramSocket(ANY_LOOPBACK_PORT);
    open.add(receiver);
    receiver.setReceiveBufferSize(4 << 20);
    receiver.setSoTimeout(5000);
    List<byte[]> sent = datagrams();

    sendAll(sender, sent, (InetSocketAddress) receiver.getLocalSocketAddress());

    List<byte[]> received = new ArrayList<>();
    DatagramPacket packet = new DatagramPacket(new byte[65536], 65536);
    try {
      while (received.size() < sent.size()) {
        receiver.receive(packet);
        received.add(Arrays.copyOf(packet.getData(), packet.getLength()));
      }
    } catch (SocketTimeoutException e) {
      // fall through: the assertion below shows what is missing
    }
    assertThat(received).hasSameSizeAs(sent);
    for (int i = 0; i < sent.size(); i++) {
      assertThat(received.get(i)).as("datagram %d", i).isEqualTo(sent.get(i));
    }
  }

  @Test
  void aGroReceiverGetsEveryDatagramAloneAndInOrder() throws Exception {
    List<byte[]> received = Collections.synchronizedList(new ArrayList<>());
    UdpTransport receiver = bind((d, s) -> received.add(ByteBufUtil.getBytes(d)));
    UdpTransport sender = bind((d, s) -> {});
    List<byte[]> sent = datagrams();

    sendAll(sender, sent, receiver.localAddress());

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (received.size() < sent.size() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(received).hasSameSizeAs(sent);
    for (int i = 0; i < sent.size(); i++) {
      assertThat(received.get(i)).as("datagram %d", i).isEqualTo(sent.get(i));
    }
  }
}
