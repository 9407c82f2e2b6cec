package dev.eddy.peer.inspect;

import dev.eddy.peer.pcap.Addresses;
import dev.eddy.peer.pcap.CaptureReader;
import dev.eddy.peer.pcap.CapturedFrame;
import dev.eddy.peer.pcap.PacketDecoder;
import dev.eddy.peer.pcap.UdpPacket;
import dev.eddy.peer.wire.Channels;
import dev.eddy.peer.wire.DatagramDecoder;
import dev.eddy.peer.wire.DecodeResult;
import dev.eddy.peer.wire.DecodingContext;
import dev.eddy.peer.wire.Handshake;
import dev.eddy.peer.wire.LegacyHandshake;
import dev.eddy.peer.wire.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Decodes the PPSPP datagrams of a capture and prints one line per message: readable, or JSON Lines.
 * With a port, every UDP datagram from or to that port is decoded and a malformed one prints an error.
 * Without one, a UDP datagram counts as PPSPP when it decodes; a datagram that does not decode prints an
 * error only if one of its endpoints has already been seen handshaking (otherwise it is other traffic,
 * DNS say, and is passed over silently).
 *
 * <p>Each direction of a channel decodes with the options its sender announced ({@link ChannelContexts}). A
 * segmentation-offload run captured on the sending host is split back into its datagrams, each line naming
 * its segment ({@code segment=2/3}); a payload that looks like a run but does not split says so
 * ({@link SegmentedRuns}).
 */
public final class CaptureInspector {
  private final OptionalInt port;
  private final boolean json;
  private final PrintWriter out;
  private final ChannelContexts contexts = new ChannelContexts(DecodingContext.DEFAULT);
  private final Set<InetSocketAddress> ppsppEndpoints = new HashSet<>();

  public CaptureInspector(OptionalInt port, boolean json, PrintWriter out) {
    this.port = port;
    this.json = json;
    this.out = out;
  }

  /**
   * Inspects every frame of {@code capture}.
   *
   * @throws IOException if the file cannot be read or is not a well-formed capture (frames before the
   *     damage have been printed)
   */
  public void inspect(Path capture) throws IOException {
    try (CaptureReader reader = CaptureReader.open(capture)) {
      for (Optional<CapturedFrame> frame = reader.next(); frame.isPresent(); frame = reader.next()) {
        PacketDecoder.udp(frame.get()).ifPresent(this::onUdp);
      }
    } finally {
      out.flush();
    }
  }

  private void onUdp(UdpPacket packet) {
    boolean onPort = port.isPresent()
        && (packet.source().getPort() == port.getAsInt() || packet.destination().getPort() == port.getAsInt());
    if (port.isPresent() && !onPort) {
      return;
    }
    ByteBuf payload = Unpooled.wrappedBuffer(packet.payload());
    int segment = SegmentedRuns.segmentLength(payload);
    if (segment == 0) {
      onDatagram(packet, payload, onPort, "");
      return;
    }
    int count = (payload.readableBytes() + segment - 1) / segment;
    for (int i = 0; i < count; i++) {
      int at = i * segment;
      onDatagram(packet, payload.slice(at, Math.min(segment, payload.readableBytes() - at)), onPort, (i + 1) + "/" + count);
    }
  }

  /** One datagram: the whole UDP payload, or one segment of a run ({@code segment} "i/n", else empty). */
  private void onDatagram(UdpPacket packet, ByteBuf datagram, boolean onPort, String segment) {
    long channel = datagram.readableBytes() >= 4 ? datagram.getUnsignedInt(datagram.readerIndex()) : -1;
    DecodingContext context = contexts.contextFor(packet.source(), packet.destination(), Math.max(channel, 0));
    DecodeResult result = DatagramDecoder.decode(datagram, context);
    int runAt = segment.isEmpty() ? SegmentedRuns.unexplainedRunAt(datagram, result) : -1;
    String hint = runAt < 0 ? ""
        : SegmentedRuns.HINT + " (channel ID again at offset " + runAt + " of " + datagram.readableBytes() + " bytes)";
    if (result instanceof DecodeResult.Decoded decoded) {
      onDecoded(packet, decoded, segment);
      if (!hint.isEmpty()) {
        print(prefix(packet, channel, segment).put("warning", hint));
      }
    } else if (result instanceof DecodeResult.Legacy legacy) {
      LegacyHandshake handshake = legacy.handshake();
      print(prefix(packet, channel, segment).put("type", "LEGACY")
          .put("source_channel", Channels.hex(handshake.sourceChannel()))
          .put("hash", handshake.rootHash().hex()));
    } else if (onPort || ppsppEndpoints.contains(packet.source()) || ppsppEndpoints.contains(packet.destination())) {
      String error = ((DecodeResult.Malformed) result).error().toString();
      if (packet.truncated()) {
        error += " (capture snap length cut the datagram)";
      }
      print(prefix(packet, channel, segment).put("error", hint.isEmpty() ? error : hint + "; " + error));
    }
  }

  private void onDecoded(UdpPacket packet, DecodeResult.Decoded decoded, String segment) {
    long channel = decoded.datagram().channel();
    contexts.onDecoded(packet.source(), packet.destination(), decoded.datagram(), decoded.context());
    if (decoded.datagram().isKeepAlive()) {
      print(prefix(packet, channel, segment).put("type", "KEEPALIVE"));
      return;
    }
    for (Message message : decoded.datagram().messages()) {
      if (message instanceof Handshake) {
        ppsppEndpoints.add(packet.source());
        ppsppEndpoints.add(packet.destination());
      }
      Fields fields = prefix(packet, channel, segment).put("type", message.type().name());
      MessageFields.add(fields, message);
      print(fields);
    }
  }

  private static Fields prefix(UdpPacket packet, long channel, String segment) {
    Fields fields = new Fields()
        .put("frame", packet.frame())
        .put("src", Addresses.format(packet.source()))
        .put("dst", Addresses.format(packet.destination()));
    if (!segment.isEmpty()) {
      fields.put("segment", segment);
    }
    if (channel >= 0) {
      fields.put("channel", Channels.hex(channel));
    }
    return fields;
  }

  private void print(Fields fields) {
    out.println(json ? fields.toJson() : ReadableLine.of(fields));
  }
}
