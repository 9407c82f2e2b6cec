package dev.eddy.peer.hostile;

import dev.eddy.peer.merkle.Hash;
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
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test peer on Eddy's own codec over a plain UDP socket on loopback: it handshakes as a correct peer would
 * (either side), then sends whatever a test scripts, lies included. What it receives is counted and, when a
 * behaviour is installed, handed to it on a thread of its own.
 */
final class HostilePeer implements AutoCloseable {
  /** Reacts to the messages of one datagram received from the Eddy peer. */
  interface Behaviour {
    void onDatagram(HostilePeer self, List<Message> messages) throws IOException;
  }

  static final DecodingContext CONTEXT = DecodingContext.DEFAULT.withChunkSize(HostileLab.CHUNK);
  private static final int MAX_DATAGRAM = 65_536;

  private final DatagramSocket socket;
  private final long localChannel = 1 + ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE - 1);
  private volatile InetSocketAddress remote;
  private volatile long remoteChannel;
  /** The channels Eddy peers opened to us, by their address (retries of one opening count once). */
  final java.util.Map<InetSocketAddress, java.util.Set<Long>> openings = new java.util.concurrent.ConcurrentHashMap<>();
  /** What {@link #accept} answers an opening handshake with, after the reply. */
  private volatile List<Message> claim = List.of();
  private final AtomicLong bytesReceived = new AtomicLong();
  private final AtomicLong datagramsReceived = new AtomicLong();
  private Thread receiver;

  private HostilePeer(DatagramSocket socket) {
    this.socket = socket;
  }

  /** A peer on 127.0.0.1 and a free port. */
  static HostilePeer open() throws SocketException {
    return open("127.0.0.1");
  }

  /** A peer on {@code host} (any 127/8 address works on Linux loopback: a stand-in for spoofed sources). */
  static HostilePeer open(String host) throws SocketException {
    try {
      DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), 0));
      s.setReceiveBufferSize(4 << 20);
      return new HostilePeer(s);
    } catch (IOException e) {
      throw new SocketException("cannot bind " + host + ": " + e);
    }
  }

  InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  long localChannel() {
    return localChannel;
  }

  long remoteChannel() {
    return remoteChannel;
  }

  long bytesReceived() {
    return bytesReceived.get();
  }

  long datagramsReceived() {
    return datagramsReceived.get();
  }

  static HandshakeOptions options(Hash swarm) {
    HandshakeOptions o = HandshakeOptions.NONE.withVersion(1).withMinimumVersion(1)
        .withContentIntegrity(ContentIntegrity.MERKLE_HASH_TREE).withMerkleHashFunction(MerkleHashFunction.SHA1)
        .withChunkAddressing(ChunkAddressing.CHUNK_RANGES_32);
    return swarm == null ? o : o.withSwarmId(Bytes.of(swarm.toByteArray()));
  }

  /** The opening handshake this peer sends for {@code swarm}, as bytes (to count what a reply amplifies). */
  byte[] openingBytes(Hash swarm) {
    return encode(new Datagram(0, List.of(new Handshake(localChannel, options(swarm)))));
  }

  /**
   * Opens a channel to {@code eddy} as a downloader does: opening handshake, Eddy's reply, then a keep-alive
   * that proves our address. Returns with the channel open on Eddy's side.
   */
  void connect(InetSocketAddress eddy, Hash swarm) throws IOException {
    remote = eddy;
    sendBytes(eddy, openingBytes(swarm));
    for (int i = 0; i < 50; i++) {
      List<Message> reply = receive(5000);
      if (reply == null) {
        break;
      }
      if (!reply.isEmpty() && reply.get(0) instanceof Handshake h && !h.isClose()) {
        remoteChannel = h.sourceChannel();
        send(List.of()); // keep-alive: the handshake is complete
        return;
      }
    }
    throw new IOException("no handshake reply from " + eddy);
  }

  /**
   * Waits for an Eddy peer's opening handshake and answers it as a seeder would, with {@code after} in the
   * same datagram (e.g. HAVE for chunks it claims).
   */
  void accept(List<Message> after) throws IOException {
    claim = after;
    for (int i = 0; i < 50; i++) {
      DatagramPacket p = receivePacket(10_000);
      if (p == null) {
        break;
      }
      if (answerOpening(p, decode(p))) {
        return;
      }
    }
    throw new IOException("no opening handshake arrived");
  }

  /** If {@code messages} open a channel (a handshake naming a swarm), answers as {@link #accept} does. */
  private boolean answerOpening(DatagramPacket p, List<Message> messages) throws IOException {
    if (messages == null || messages.isEmpty() || !(messages.get(0) instanceof Handshake h) || h.isClose()
        || h.options().swarmId().isEmpty()) {
      return false;
    }
    remote = (InetSocketAddress) p.getSocketAddress();
    remoteChannel = h.sourceChannel();
    openings.computeIfAbsent(remote, r -> java.util.concurrent.ConcurrentHashMap.newKeySet()).add(remoteChannel);
    List<Message> reply = new java.util.ArrayList<>();
    reply.add(new Handshake(localChannel, options(null)));
    reply.addAll(claim);
    send(reply);
    return true;
  }

  /** Sends {@code messages} in one datagram on our channel. */
  void send(List<Message> messages) throws IOException {
    sendBytes(remote, encode(new Datagram(remoteChannel, messages)));
  }

  /** {@code messages} on our channel, encoded once (floods send prepared datagrams: the attacker's CPU is not the test). */
  byte[] datagram(List<Message> messages) {
    return encode(new Datagram(remoteChannel, messages));
  }

  InetSocketAddress remote() {
    return remote;
  }

  void sendBytes(InetSocketAddress to, byte[] bytes) throws IOException {
    socket.send(new DatagramPacket(bytes, bytes.length, to));
  }

  static byte[] encode(Datagram d) {
    ByteBuf out = Unpooled.buffer();
    DatagramEncoder.encode(d, CONTEXT, out);
    byte[] bytes = new byte[out.readableBytes()];
    out.readBytes(bytes);
    return bytes;
  }

  /** The next datagram's messages, or null after {@code timeoutMs} without one; undecodable ones are skipped. */
  List<Message> receive(int timeoutMs) throws IOException {
    DatagramPacket p = receivePacket(timeoutMs);
    return p == null ? null : decode(p);
  }

  private DatagramPacket receivePacket(int timeoutMs) throws IOException {
    DatagramPacket p = new DatagramPacket(new byte[MAX_DATAGRAM], MAX_DATAGRAM);
    socket.setSoTimeout(timeoutMs);
    try {
      socket.receive(p);
    } catch (SocketTimeoutException e) {
      return null;
    }
    bytesReceived.addAndGet(p.getLength());
    datagramsReceived.incrementAndGet();
    return p;
  }

  private static List<Message> decode(DatagramPacket p) {
    DecodeResult r = DatagramDecoder.decode(Unpooled.wrappedBuffer(p.getData(), 0, p.getLength()), CONTEXT);
    return r instanceof DecodeResult.Decoded d ? d.datagram().messages() : null;
  }

  /** From now on a thread receives (and counts) every datagram and hands it to {@code behaviour}. */
  void serve(Behaviour behaviour) {
    receiver = new Thread(() -> {
      try {
        while (!socket.isClosed()) {
          DatagramPacket p = receivePacket(200);
          List<Message> messages = p == null ? null : decode(p);
          if (messages != null && !answerOpening(p, messages)) { // a new downloader: the latest one is the peer
            behaviour.onDatagram(this, messages);
          }
        }
      } catch (IOException e) {
        // closed
      }
    }, "hostile-" + address().getPort());
    receiver.setDaemon(true);
    receiver.start();
  }

  /** From now on a thread only receives and counts (without decoding: a victim's CPU is not the test's). */
  void drain() {
    receiver = new Thread(() -> {
      try {
        while (!socket.isClosed()) {
          receivePacket(200);
        }
      } catch (IOException e) {
        // closed
      }
    }, "drain-" + address().getPort());
    receiver.setDaemon(true);
    receiver.start();
  }

  @Override
  public void close() {
    socket.close();
    if (receiver != null) {
      try {
        receiver.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
