package dev.eddy.peer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.peer.inspect.MiniJson;
import dev.eddy.peer.pcap.CaptureFiles;
import dev.eddy.peer.pcap.CapturedFrame;
import dev.eddy.peer.pcap.PacketDecoder;
import dev.eddy.peer.pcap.VectorCapture;
import dev.eddy.peer.wire.Ack;
import dev.eddy.peer.wire.Bytes;
import dev.eddy.peer.wire.ChunkAddressing;
import dev.eddy.peer.wire.ChunkSpec;
import dev.eddy.peer.wire.Data;
import dev.eddy.peer.wire.Datagram;
import dev.eddy.peer.wire.DatagramEncoder;
import dev.eddy.peer.wire.DecodingContext;
import dev.eddy.peer.wire.Handshake;
import dev.eddy.peer.wire.HandshakeOptions;
import dev.eddy.peer.wire.Have;
import dev.eddy.peer.wire.Integrity;
import dev.eddy.peer.wire.Message;
import dev.eddy.peer.wire.Request;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eddy inspect} driven as a user runs it, on the real capture and rewritten forms of it. */
class InspectCommandTest {
  private static final String CAPTURE = VectorCapture.libswiftCapture().toString();
  private static final byte[] LOCALHOST = {127, 0, 0, 1};

  @TempDir Path dir;

  /** Exit code, stdout, stderr of one run. */
  record Run(int exit, String out, String err) {
    List<String> lines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
  }

  static Run inspect(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] full = new String[args.length + 1];
    full[0] = "inspect";
    System.arraycopy(args, 0, full, 1, args.length);
    int exit = EddyCommand.newCommandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(full);
    return new Run(exit, out.toString().replace("\r\n", "\n"), err.toString());
  }

  @Test
  void printsOneReadableLinePerMessageOfTheLibswiftCapture() {
    Run run = inspect(CAPTURE);

    assertThat(run.exit()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.lines()).hasSize(3 + 103 + 9 + 201 + 100 + 100 + 1 + 15);
    assertThat(run.lines().subList(0, 9)).containsExactly(
        "#1 127.0.0.1:26001 -> 127.0.0.1:26000 ch=00000000 HANDSHAKE source_channel=613e7dea version=1 min_version=1"
            + " swarm_id=651258d87cf77ea7b3e5dd7833df8c70a306f1df content_integrity=1 merkle_hash_function=0 chunk_addressing=2",
        "#2 127.0.0.1:26000 -> 127.0.0.1:26001 ch=613e7dea HANDSHAKE source_channel=611fcaae version=1 min_version=1"
            + " content_integrity=1 merkle_hash_function=0 chunk_addressing=2",
        "#2 127.0.0.1:26000 -> 127.0.0.1:26001 ch=613e7dea HAVE 0..63",
        "#2 127.0.0.1:26000 -> 127.0.0.1:26001 ch=613e7dea HAVE 64..95",
        "#2 127.0.0.1:26000 -> 127.0.0.1:26001 ch=613e7dea HAVE 96..99",
        "#3 127.0.0.1:26001 -> 127.0.0.1:26000 ch=611fcaae REQUEST 0..0",
        "#3 127.0.0.1:26001 -> 127.0.0.1:26000 ch=611fcaae PEX_REQ",
        "#4 127.0.0.1:26000 -> 127.0.0.1:26001 ch=613e7dea INTEGRITY 0..63 hash=a227834dbaf2e07fed80186bf4b5bb53b8762a93",
        "#4 127.0.0.1:26000 -> 127.0.0.1:26001 ch=613e7dea INTEGRITY 64..95 hash=9055ac14459f4bd29caa49c6512a50967279447b");
    assertThat(run.lines()).contains(
        "#4 127.0.0.1:26000 -> 127.0.0.1:26001 ch=613e7dea DATA 0..0 timestamp=1795663033434673 length=1024",
        "#5 127.0.0.1:26001 -> 127.0.0.1:26000 ch=611fcaae ACK 0..0 delay=266",
        "#38 127.0.0.1:26000 -> 127.0.0.1:26001 ch=613e7dea KEEPALIVE",
        "#219 127.0.0.1:26001 -> 127.0.0.1:26000 ch=611fcaae HANDSHAKE source_channel=00000000");
  }

  @Test
  void jsonLinesHaveExactlyTheDocumentedKeysPerType() {
    Run run = inspect(CAPTURE, "--json");
    assertThat(run.exit()).isZero();
    Set<String> common = Set.of("frame", "src", "dst", "channel", "type");
    Map<String, Set<String>> extra = Map.of(
        "HANDSHAKE", Set.of("source_channel", "options"),
        "HAVE", Set.of("start", "end"),
        "REQUEST", Set.of("start", "end"),
        "PEX_REQ", Set.of(),
        "INTEGRITY", Set.of("start", "end", "hash"),
        "DATA", Set.of("start", "end", "timestamp", "length"),
        "ACK", Set.of("start", "end", "delay"),
        "KEEPALIVE", Set.of());
    Map<String, Integer> counts = new HashMap<>();
    for (String line : run.lines()) {
      Map<String, Object> object = MiniJson.parseObject(line);
      String type = (String) object.get("type");
      counts.merge(type, 1, Integer::sum);
      assertThat(object.keySet()).as(line).containsExactlyInAnyOrderElementsOf(union(common, extra.get(type)));
      assertThat((String) object.get("channel")).matches("[0-9a-f]{8}");
    }
    assertThat(counts).isEqualTo(Map.of("HANDSHAKE", 3, "HAVE", 103, "REQUEST", 9, "INTEGRITY", 201, "DATA", 100,
        "ACK", 100, "PEX_REQ", 1, "KEEPALIVE", 15));
    assertThat(run.lines().get(0)).isEqualTo("{\"frame\":1,\"src\":\"127.0.0.1:26001\",\"dst\":\"127.0.0.1:26000\","
        + "\"channel\":\"00000000\",\"type\":\"HANDSHAKE\",\"source_channel\":\"613e7dea\",\"options\":{\"version\":1,"
        + "\"min_version\":1,\"swarm_id\":\"651258d87cf77ea7b3e5dd7833df8c70a306f1df\",\"content_integrity\":1,"
        + "\"merkle_hash_function\":0,\"chunk_addressing\":2}}");
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet());
  }

  @Test
  void givesTheSameOutputForPcapngLinuxCookedAndRawIpForms() {
    String expected = inspect(CAPTURE, "--json").out();
    List<CapturedFrame> frames = VectorCapture.frames(VectorCapture.libswiftCapture());
    assertThat(inspect(rewrite(frames, "eth.pcapng", PacketDecoder.LINKTYPE_ETHERNET, f -> f, true), "--json").out())
        .isEqualTo(expected);
    assertThat(inspect(rewrite(frames, "sll.pcap", PacketDecoder.LINKTYPE_LINUX_SLL, CaptureFiles::toLinuxCooked, false), "--json").out())
        .isEqualTo(expected);
    assertThat(inspect(rewrite(frames, "sll2.pcapng", PacketDecoder.LINKTYPE_LINUX_SLL2, CaptureFiles::toLinuxCookedV2, true), "--json").out())
        .isEqualTo(expected);
    assertThat(inspect(rewrite(frames, "raw.pcap", PacketDecoder.LINKTYPE_RAW, CaptureFiles::toRawIp, false), "--json").out())
        .isEqualTo(expected);
  }

  @Test
  void decodesTheCaptureCarriedOverIpv6() throws Exception {
    byte[] leecher = InetAddress.getByName("2001:db8::1").getAddress();
    byte[] seeder = InetAddress.getByName("2001:db8::2").getAddress();
    List<CapturedFrame> frames = VectorCapture.frames(VectorCapture.libswiftCapture());
    String file = rewrite(frames, "v6.pcapng", PacketDecoder.LINKTYPE_ETHERNET, frame -> {
      boolean fromLeecher = (((frame[34] & 0xff) << 8) | (frame[35] & 0xff)) == 26001;
      return CaptureFiles.ipv4ToIpv6(frame, fromLeecher ? leecher : seeder, fromLeecher ? seeder : leecher);
    }, true);

    String expected = inspect(CAPTURE).out()
        .replace("127.0.0.1:26001", "[2001:db8::1]:26001").replace("127.0.0.1:26000", "[2001:db8::2]:26000");
    assertThat(inspect(file).out()).isEqualTo(expected);
  }

  private String rewrite(List<CapturedFrame> frames, String name, int linkType, UnaryOperator<byte[]> change, boolean pcapng) {
    List<byte[]> rewritten = frames.stream().map(frame -> change.apply(frame.data())).toList();
    Path file = dir.resolve(name);
    return (pcapng
        ? CaptureFiles.writePcapng(file, linkType, rewritten, ByteOrder.BIG_ENDIAN)
        : CaptureFiles.writePcap(file, linkType, rewritten, ByteOrder.LITTLE_ENDIAN)).toString();
  }

  @Test
  void portSelectsTraffic() {
    assertThat(inspect(CAPTURE, "--port", "26000").out()).isEqualTo(inspect(CAPTURE).out());
    Run other = inspect(CAPTURE, "--port", "9999");
    assertThat(other.exit()).isZero();
    assertThat(other.out()).isEmpty();
  }

  @Test
  void tracksNegotiatedAddressingAndReportsBadDatagramsWithoutStopping() {
    byte[] a = {10, 0, 0, 1};
    byte[] b = {10, 0, 0, 2};
    Path file = CaptureFiles.writePcap(dir.resolve("crafted.pcap"), PacketDecoder.LINKTYPE_ETHERNET, List.of(
        // 1: DNS-looking traffic: not PPSPP, passed over when no port is given
        CaptureFiles.ethernetIpv4Udp(a, 5353, b, 53, hex("abcd0100000100000000000003777777")),
        // 2: opening handshake asking for 32-bit bins
        CaptureFiles.ethernetIpv4Udp(a, 7000, b, 7001, hex("00000000 00 0000aaaa 0001 0600 ff")),
        // 3: reply with HAVE bin 7 (layer 3: chunks 0..7) under the negotiated 32-bit bins
        CaptureFiles.ethernetIpv4Udp(b, 7001, a, 7000, hex("0000aaaa 00 0000bbbb 0001 0600 ff 03 00000007")),
        // 4: REQUEST bin 2 from a to b's channel: bins again, learnt from the reply's source channel
        CaptureFiles.ethernetIpv4Udp(a, 7000, b, 7001, hex("0000bbbb 08 00000002")),
        // 5: malformed between known peers: unknown message type 0x42
        CaptureFiles.ethernetIpv4Udp(b, 7001, a, 7000, hex("0000aaaa 0a 42")),
        // 6: libswift's legacy handshake
        CaptureFiles.ethernetIpv4Udp(a, 7000, b, 7001,
            hex("00000000 04 7fffffff 651258d87cf77ea7b3e5dd7833df8c70a306f1df 00 0000cccc")),
        // 7: PEX_RESv6 and a certificate
        CaptureFiles.ethernetIpv4Udp(b, 7001, a, 7000,
            hex("0000aaaa 0c 20010db8000000000000000000000009 1b58 0d 0003 010203"))),
        ByteOrder.BIG_ENDIAN);

    Run run = inspect(file.toString());

    assertThat(run.exit()).isZero();
    assertThat(run.lines()).containsExactly(
        "#2 10.0.0.1:7000 -> 10.0.0.2:7001 ch=00000000 HANDSHAKE source_channel=0000aaaa version=1 chunk_addressing=0",
        "#3 10.0.0.2:7001 -> 10.0.0.1:7000 ch=0000aaaa HANDSHAKE source_channel=0000bbbb version=1 chunk_addressing=0",
        "#3 10.0.0.2:7001 -> 10.0.0.1:7000 ch=0000aaaa HAVE 0..7 bin=7",
        "#4 10.0.0.1:7000 -> 10.0.0.2:7001 ch=0000bbbb REQUEST 1..1 bin=2",
        "#5 10.0.0.2:7001 -> 10.0.0.1:7000 ch=0000aaaa error: UNKNOWN_MESSAGE_TYPE at offset 5: unknown message type 66",
        "#6 10.0.0.1:7000 -> 10.0.0.2:7001 ch=00000000 LEGACY source_channel=0000cccc hash=651258d87cf77ea7b3e5dd7833df8c70a306f1df",
        "#7 10.0.0.2:7001 -> 10.0.0.1:7000 ch=0000aaaa PEX_RESv6 address=[2001:db8::9]:7000",
        "#7 10.0.0.2:7001 -> 10.0.0.1:7000 ch=0000aaaa PEX_REScert length=3");
    Map<String, Object> error = MiniJson.parseObject(inspect(file.toString(), "--json").lines().get(4));
    assertThat(error.keySet()).containsExactly("frame", "src", "dst", "channel", "error");
    assertThat(inspect(file.toString(), "--port", "53").lines())
        .singleElement().asString()
        .isEqualTo("#1 10.0.0.1:5353 -> 10.0.0.2:53 ch=abcd0100 error: DUPLICATE_OPTION at offset 11: option version appears twice");
  }

  /**
   * Two peers announcing different chunk addressing (the initiator 32-bit chunk ranges, the responder 32-bit
   * bins), the responder's DATA captured on its host as segmentation-offload runs: real encoder output, each
   * datagram encoded with its sender's options, runs concatenated as the kernel gets them.
   */
  @Test
  void decodesEachDirectionWithItsSendersOptionsAndSplitsSegmentationOffloadRuns() {
    byte[] a = {10, 0, 0, 1};
    byte[] b = {10, 0, 0, 2};
    DecodingContext initiator = DecodingContext.DEFAULT;
    DecodingContext responder = DecodingContext.DEFAULT.withChunkAddressing(ChunkAddressing.BINS_32);
    Integrity hash = new Integrity(new ChunkSpec.Bin(1), Bytes.fromHex("a227834dbaf2e07fed80186bf4b5bb53b8762a93"));
    byte[] fallback = concat(encode(responder, 0xaaaa, data(responder, 0, 1024)), hex("0000aaaa 59 0102"));
    Path file = CaptureFiles.writePcap(dir.resolve("directions.pcap"), PacketDecoder.LINKTYPE_ETHERNET, List.of(
        CaptureFiles.ethernetIpv4Udp(a, 7000, b, 7001, encode(initiator, 0, new Handshake(0xaaaa,
            HandshakeOptions.NONE.withVersion(1).withChunkAddressing(ChunkAddressing.CHUNK_RANGES_32)))),
        CaptureFiles.ethernetIpv4Udp(b, 7001, a, 7000, encode(initiator, 0xaaaa, new Handshake(0xbbbb,
            HandshakeOptions.NONE.withVersion(1).withChunkAddressing(ChunkAddressing.BINS_32)), new Have(new ChunkSpec.Bin(3)))),
        CaptureFiles.ethernetIpv4Udp(a, 7000, b, 7001, encode(initiator, 0xbbbb, new Request(new ChunkSpec.ChunkRange(0, 2)))),
        CaptureFiles.ethernetIpv4Udp(b, 7001, a, 7000, concat(
            encode(responder, 0xaaaa, data(responder, 0, 1024)),
            encode(responder, 0xaaaa, data(responder, 1, 1024)),
            encode(responder, 0xaaaa, data(responder, 2, 100)))),
        CaptureFiles.ethernetIpv4Udp(b, 7001, a, 7000, concat(
            encode(responder, 0xaaaa, hash, data(responder, 0, 1024)),
            encode(responder, 0xaaaa, data(responder, 1, 1024)))),
        CaptureFiles.ethernetIpv4Udp(a, 7000, b, 7001, encode(initiator, 0xbbbb, new Ack(new ChunkSpec.ChunkRange(0, 2), 7))),
        CaptureFiles.ethernetIpv4Udp(b, 7001, a, 7000, fallback)),
        ByteOrder.BIG_ENDIAN);

    Run run = inspect(file.toString());

    assertThat(run.exit()).isZero();
    String toA = "10.0.0.2:7001 -> 10.0.0.1:7000";
    assertThat(run.lines()).containsExactly(
        "#1 10.0.0.1:7000 -> 10.0.0.2:7001 ch=00000000 HANDSHAKE source_channel=0000aaaa version=1 chunk_addressing=2",
        "#2 " + toA + " ch=0000aaaa HANDSHAKE source_channel=0000bbbb version=1 chunk_addressing=0",
        "#2 " + toA + " ch=0000aaaa HAVE 0..3 bin=3",
        "#3 10.0.0.1:7000 -> 10.0.0.2:7001 ch=0000bbbb REQUEST 0..2",
        "#4 " + toA + " segment=1/3 ch=0000aaaa DATA 0..0 bin=0 timestamp=1000 length=1024",
        "#4 " + toA + " segment=2/3 ch=0000aaaa DATA 1..1 bin=2 timestamp=1001 length=1024",
        "#4 " + toA + " segment=3/3 ch=0000aaaa DATA 2..2 bin=4 timestamp=1002 length=100",
        "#5 " + toA + " segment=1/2 ch=0000aaaa INTEGRITY 0..1 bin=1 hash=a227834dbaf2e07fed80186bf4b5bb53b8762a93",
        "#5 " + toA + " segment=1/2 ch=0000aaaa DATA 0..0 bin=0 timestamp=1000 length=1024",
        "#5 " + toA + " segment=2/2 ch=0000aaaa DATA 1..1 bin=2 timestamp=1001 length=1024",
        "#6 10.0.0.1:7000 -> 10.0.0.2:7001 ch=0000bbbb ACK 0..2 delay=7",
        "#7 " + toA + " ch=0000aaaa DATA 0..0 bin=0 timestamp=1000 length=" + (fallback.length - 17),
        "#7 " + toA + " ch=0000aaaa warning: looks like a segmentation-offload run: capture with segmentation off"
            + " (channel ID again at offset 1041 of 1048 bytes)");
    List<Map<String, Object>> json = inspect(file.toString(), "--json").lines().stream().map(MiniJson::parseObject).toList();
    assertThat(json.get(4)).containsEntry("segment", "1/3").containsEntry("type", "DATA");
    assertThat(json.get(json.size() - 1).keySet()).containsExactly("frame", "src", "dst", "channel", "warning");
  }

  /** DATA for one chunk, stamped 1000 + its number. */
  private static Data data(DecodingContext context, long chunk, int length) {
    return new Data(context.specFor(chunk, chunk), 1000 + chunk, Unpooled.wrappedBuffer(new byte[length]));
  }

  private static byte[] encode(DecodingContext context, long channel, Message... messages) {
    ByteBuf out = Unpooled.buffer();
    DatagramEncoder.encode(new Datagram(channel, List.of(messages)), context, out);
    return ByteBufUtil.getBytes(out);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /**
   * An RSA live swarm (libswift's {@code -a 5}): the signature length is the modulus length of the key in
   * the swarm ID, whatever size the source made; the reply's SIGNED_INTEGRITY carries no swarm ID of its
   * own. Exponent 65537 (one length byte) for libswift's sizes, and a long exponent (RFC 3110's
   * three-byte length form) on the largest key.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"512, 3", "1024, 3", "1032, 3", "2048, 3", "4096, 300"})
  void readsSignedIntegrityOfRsaLiveSwarmsWithTheModulusLengthOfTheSwarmKey(int modulusBits, int exponentBytes) {
    byte[] modulus = new byte[(modulusBits + 7) / 8];
    Arrays.fill(modulus, (byte) 0xc5);
    modulus[0] = (byte) (0xff >>> (modulus.length * 8 - modulusBits)); // exactly modulusBits bits
    byte[] exponent = new byte[exponentBytes];
    exponent[0] = 1;
    exponent[exponentBytes - 1] = 1;
    String key = (exponentBytes < 256 ? String.format("%02x", exponentBytes) : String.format("00%04x", exponentBytes))
        + ByteBufUtil.hexDump(exponent) + ByteBufUtil.hexDump(modulus);
    String swarmId = "05" + key;
    byte[] signature = new byte[modulus.length];
    Arrays.fill(signature, (byte) 0x5a);
    byte[] a = {10, 0, 0, 1};
    byte[] b = {10, 0, 0, 2};
    Path file = CaptureFiles.writePcap(dir.resolve("rsa-live.pcap"), PacketDecoder.LINKTYPE_ETHERNET, List.of(
        // libswift live leecher: swarm ID, unified Merkle tree, RSASHA1, 32-bit chunk ranges, discard window
        CaptureFiles.ethernetIpv4Udp(a, 7000, b, 7001, hex("00000000 00 0000aaaa 0001 0101"
            + String.format("02%04x", swarmId.length() / 2) + swarmId + "0303 0400 0505 0602 07ffffffff ff")),
        // source: reply, then the signed munro of chunks 0..31
        CaptureFiles.ethernetIpv4Udp(b, 7001, a, 7000, hex("0000aaaa 00 0000bbbb 0001 0101 0303 0400 0505 0602 07ffffffff ff"
            + "03 00000000 0000001f")),
        CaptureFiles.ethernetIpv4Udp(b, 7001, a, 7000, hex("0000aaaa 04 00000000 0000001f 651258d87cf77ea7b3e5dd7833df8c70a306f1df"
            + "07 00000000 0000001f 0000000000000002" + ByteBufUtil.hexDump(signature) + "03 00000020 0000003f"))),
        ByteOrder.BIG_ENDIAN);

    Run run = inspect(file.toString());

    assertThat(run.exit()).isZero();
    assertThat(run.lines()).contains(
        "#3 10.0.0.2:7001 -> 10.0.0.1:7000 ch=0000aaaa SIGNED_INTEGRITY 0..31 timestamp=2 signature=" + ByteBufUtil.hexDump(signature),
        "#3 10.0.0.2:7001 -> 10.0.0.1:7000 ch=0000aaaa HAVE 32..63");
    assertThat(run.out()).doesNotContain("error");
  }

  private static byte[] hex(String hex) {
    return ByteBufUtil.decodeHexDump(hex.replace(" ", ""));
  }

  @Test
  void missingFileIsOneLineAndExitOne() {
    Run run = inspect(dir.resolve("nope.pcap").toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("eddy inspect: " + dir.resolve("nope.pcap") + ": no such file\n");
  }

  @Test
  void directoryIsOneLineAndExitOne() {
    Run run = inspect(dir.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("eddy inspect: " + dir + ": is a directory, not a capture file\n");
  }

  @Test
  void notACaptureIsOneLineAndExitOne() throws Exception {
    Path text = Files.writeString(dir.resolve("README.txt"), "not a capture");
    Run run = inspect(text.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err().lines()).singleElement().asString().contains("not a pcap or pcapng file");
    assertThat(run.err()).doesNotContain("Exception");
  }

  @Test
  void truncatedCapturePrintsWhatItCanThenOneErrorLine() throws Exception {
    byte[] whole = Files.readAllBytes(VectorCapture.libswiftCapture());
    Path cut = Files.write(dir.resolve("cut.pcap"), Arrays.copyOf(whole, whole.length - 10));
    Run run = inspect(cut.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.lines()).hasSize(inspect(CAPTURE).lines().size() - 1);
    assertThat(run.err().lines()).singleElement().asString().contains("ends in the middle of frame 219");
  }

  @Test
  void badPortIsAUsageError() {
    assertThat(inspect(CAPTURE, "--port", "0").exit()).isEqualTo(2);
    Run words = inspect(CAPTURE, "--port", "http");
    assertThat(words.exit()).isEqualTo(2);
    assertThat(words.err()).contains("--port");
  }

  @Test
  void helpShowsAnExample() {
    Run run = inspect("--help");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("eddy inspect vectors/libswift-100k.pcap");
  }
}
