package dev.eddy.dashboards.wireshark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every message type (0–13) and handshake option (0–9, 255) of RFC 7574, every chunk addressing method, hash and
 * signature lengths learned from handshakes, libswift's legacy handshake, and malformed datagrams: datagrams
 * written field by field into one capture, decoded by tshark with the heuristic (no Decode As).
 */
class CraftedDatagramDissectionTest {
  private static final String SWARM = "651258d87cf77ea7b3e5dd7833df8c70a306f1df";
  private static final String HASH_32 = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
  private static final String HASH_20 = "a227834dbaf2e07fed80186bf4b5bb53b8762a93";
  private static final String SIGNATURE_64 = "5a".repeat(64);
  private static final String RSA_MODULUS_64 = "c3".repeat(64);

  @TempDir static Path dir;
  private static List<Map<String, String>> frames;
  private static Frames written;

  /** Frame numbers, by name, of the datagrams written below. */
  private record Frames(Map<String, Integer> numbers) {
    int of(String name) {
      return numbers.get(name);
    }
  }

  @BeforeAll
  static void dissectCraftedCapture() throws Exception {
    Path capture = dir.resolve("crafted.pcap");
    written = write(capture);
    frames = new Tshark().fields(capture, List.of("-o", "udp.try_heuristic_first:TRUE"), "_ws.col.Protocol",
        "_ws.col.Info", "_ws.expert.message", "ppspp.hash", "ppspp.signature", "ppspp.option.discard_window",
        "ppspp.option.supported", "ppspp.option.chunk_size", "ppspp.option.signature_algorithm", "ppspp.delay",
        "ppspp.payload_length", "ppspp.pex.ipv4", "ppspp.pex.ipv6", "ppspp.pex.port", "ppspp.pex.certificate",
        "ppspp.legacy_handshake", "ppspp.legacy.root_hash", "ppspp.chunk.start", "ppspp.chunk.end",
        "ppspp.byte.start", "ppspp.byte.end", "ppspp.bin");
  }

  private static Map<String, String> frame(String name) {
    return frames.get(written.of(name) - 1);
  }

  private static Frames write(Path capture) throws IOException {
    Map<String, Integer> n = new java.util.HashMap<>();
    try (PcapWriter pcap = new PcapWriter(capture)) {
      // Full RFC 7574 options: SHA-256 and 64-bit chunk ranges, used by the rest of the same datagram.
      n.put("rfc-open", pcap.write(41000, 41001, hex(
          "00000000", "00 a1a1a1a1", // channel 0, HANDSHAKE, source channel
          "00 01", "01 01", "02 0014", SWARM, // version, minimum version, swarm ID
          "03 01", "04 02", "05 0d", "06 04", // Merkle, SHA-256, ECDSAP256SHA256, 64-bit chunk ranges
          "07 ffffffffffffffff", // live discard window, 64 bits wide because of the addressing method
          "08 02 fffc", // supported messages: bitmap of types 0..13
          "09 00000400", "ff", // chunk size 1024, end
          "03 0000000000000000 000000000000000f", // HAVE 0..15
          "04 0000000000000000 000000000000000f", HASH_32, // INTEGRITY 0..15, 32-byte hash
          "06"))); // PEX_REQ
      n.put("rfc-reply", pcap.write(41001, 41000, hex(
          "a1a1a1a1", "00 b2b2b2b2", "00 01 03 01 04 02 05 0d 06 04 09 00000400 ff",
          "08 0000000000000010 000000000000001f", // REQUEST 16..31
          "09 0000000000000010 0000000000000017", // CANCEL 16..23
          "0a", "0b", // CHOKE, UNCHOKE
          "05 7f000002 1a0a", // PEX_RESv4 127.0.0.2:6666
          "0c 20010db8000000000000000000000001 1a0b", // PEX_RESv6 [2001:db8::1]:6667
          "0d 0003 300100", // PEX_REScert, 3-byte certificate
          "07 0000000000000000 000000000000000f", "e9a1a1a100000000", SIGNATURE_64, // SIGNED_INTEGRITY
          "02 0000000000000003 0000000000000003 fffffffffffffffb", // ACK 3..3, delay -5 µs
          "01 0000000000000004 0000000000000004 00060b0cd2f4a000 68656c6c6f"))); // DATA 4..4, "hello"
      // No handshake in this datagram: the channel's handshake (b2b2b2b2) decides the 64-bit ranges.
      n.put("rfc-later", pcap.write(41000, 41001, hex(
          "b2b2b2b2", "03 0000000000000010 000000000000001f", "04 0000000000000010 000000000000001f", HASH_32)));

      // 32-bit bins with SHA-1.
      n.put("bins-open", pcap.write(42000, 42001, hex(
          "00000000 00 c3c3c3c3 00 01 01 01 02 0014", SWARM, "03 01 04 00 06 00 ff",
          "03 00000007", "03 7fffffff"))); // HAVE bin 7 (chunks 0..7), HAVE bin 0x7fffffff (0..2^31-1)
      n.put("bins-reply", pcap.write(42001, 42000, hex(
          "c3c3c3c3 00 d4d4d4d4 00 01 06 00 ff", // no hash function option: SHA-1 by default
          "08 00000002", "04 00000001", HASH_20, "01 00000000 00060b0cd2f4a000 616263")));

      // Two channels in one UDP conversation with different addressing: byte ranges and 64-bit bins.
      n.put("bytes-open", pcap.write(43000, 43001, hex(
          "00000000 00 e5e5e5e5 00 01 02 0014", SWARM, "06 01 ff", "03 0000000000000000 00000000000003ff")));
      n.put("bins64-open", pcap.write(43000, 43001, hex(
          "00000000 00 f6f6f6f6 00 01 02 0014", HASH_20, "06 03 ff", "03 0000000000000001")));
      pcap.write(43001, 43000, hex("e5e5e5e5 00 5e5e5e5e 00 01 06 01 ff"));
      pcap.write(43001, 43000, hex("f6f6f6f6 00 6f6f6f6f 00 01 06 03 ff"));
      n.put("bytes-later", pcap.write(43000, 43001, hex("5e5e5e5e 03 0000000000000400 00000000000007ff")));
      n.put("bins64-later", pcap.write(43000, 43001, hex("6f6f6f6f 03 0000000000000005")));

      n.putAll(writeDirectionsAndRuns(pcap));

      // Live swarm signed with RSASHA1: the signature is as long as the modulus in the swarm ID (public key).
      n.put("rsa-open", pcap.write(44000, 44001, hex(
          "00000000 00 a7a7a7a7 00 01 01 01",
          "02 0045 05 03 010001", RSA_MODULUS_64, // swarm ID (69 bytes): RSASHA1, 3-byte exponent 65537, modulus
          "03 02 05 05 06 02 07 00000400 ff", // Sign All, RSASHA1, 32-bit chunk ranges, discard window 1024
          "07 00000000 0000000f e9a1a1a100000000", SIGNATURE_64, // SIGNED_INTEGRITY 0..15
          "03 00000000 0000000f"))); // HAVE 0..15 decodes only if the signature length was right

      // libswift's legacy (pre-PPSPP) handshake and its reply.
      n.put("legacy-open", pcap.write(45000, 45001, hex("00000000 04 7fffffff", HASH_20, "00 12345678")));
      n.put("legacy-reply", pcap.write(45001, 45000, hex("12345678 00 9abcdef0")));
      n.put("legacy-later", pcap.write(45000, 45001, hex("9abcdef0 03 00000001")));

      // Malformed datagrams, each in its own conversation after a well-formed opening handshake: the heuristic
      // claims a conversation only by a well-formed handshake, then follows it.
      n.put("short", writeAfterOpening(pcap, 46000, hex("000000")));
      n.put("no-end", writeAfterOpening(pcap, 46002, hex("00000000 00 01020304 00 01 06 02")));
      n.put("unknown-option", writeAfterOpening(pcap, 46004, hex("00000000 00 01020304 00 01 0a 01 ff")));
      n.put("truncated-have", writeAfterOpening(pcap, 46006, hex("00000001 03 0000")));
      n.put("unknown-type", writeAfterOpening(pcap, 46008, hex("00000001 03 00000000 00000001 0e 01 02")));
      n.put("unknown-hash", pcap.write(46010, 46011, hex(
          "00000000 00 01020304 00 01 04 09 ff 04 00000000 00000000", HASH_20)));
      n.put("inverted", writeAfterOpening(pcap, 46012, hex("00000001 08 00000005 00000002")));
      n.put("no-handshake", writeAfterOpening(pcap, 46014, hex("00000000 03 00000000 00000000")));
    }
    return new Frames(n);
  }

  /**
   * One channel whose two sides announce different addressing (the initiator 32-bit chunk ranges, the
   * responder 32-bit bins), then the responder's DATA as a capture on its host shows segmentation-offload runs:
   * one that splits (three DATA datagrams, the last chunk short) and one that does not (the channel ID again,
   * but no message type after it). All on UDP port 47000; frame numbers by name.
   */
  static Map<String, Integer> writeDirectionsAndRuns(PcapWriter pcap) throws IOException {
    Map<String, Integer> n = new java.util.HashMap<>();
    String stamp = "00060b0cd2f4a000";
    n.put("dir-open", pcap.write(47000, 47001, hex("00000000 00 11111111 00 01 06 02 ff")));
    n.put("dir-reply", pcap.write(47001, 47000, hex("11111111 00 22222222 00 01 06 00 ff 03 00000003")));
    n.put("dir-request", pcap.write(47000, 47001, hex("22222222 08 00000000 00000002")));
    n.put("gso-run", pcap.write(47001, 47000, hex(
        "11111111 01 00000000", stamp, "aa".repeat(16),
        "11111111 01 00000002", stamp, "bb".repeat(16),
        "11111111 01 00000004", stamp, "cc".repeat(5))));
    n.put("dir-ack", pcap.write(47000, 47001, hex("22222222 02 00000000 00000002 0000000000000007")));
    n.put("gso-unsplit", pcap.write(47001, 47000, hex(
        "11111111 01 00000000", stamp, "aa".repeat(16), "11111111 59 0102")));
    return n;
  }

  private static int writeAfterOpening(PcapWriter pcap, int port, byte[] datagram) throws IOException {
    pcap.write(port, port + 1, hex("00000000 00 0badcafe 00 01 ff"));
    return pcap.write(port + 1, port, datagram);
  }

  private static byte[] hex(String... parts) {
    return HexFormat.of().parseHex(String.join("", parts).replace(" ", ""));
  }

  @Test
  void everyCraftedDatagramIsDecodedAsPpsppByTheHeuristic() {
    assertThat(frames).allSatisfy(f -> assertThat(f.get("_ws.col.Protocol")).isEqualTo("PPSPP"));
    assertThat(frames).allSatisfy(f -> assertThat(f.get("_ws.expert.message")).doesNotContain("Dissector failure"));
  }

  @Test
  void decodesEveryHandshakeOptionAndUsesThemForTheRestOfTheDatagram() {
    Map<String, String> open = frame("rfc-open");
    assertThat(open.get("_ws.col.Info")).isEqualTo("ch 00000000: HANDSHAKE[a1a1a1a1 v1 swarm " + SWARM
        + " SHA-256 64-bit chunk ranges chunk size 1024], HAVE[0..15], INTEGRITY[0..15], PEX_REQ");
    assertThat(open).containsEntry("ppspp.option.discard_window", "18446744073709551615")
        .containsEntry("ppspp.option.supported", "HANDSHAKE, DATA, ACK, HAVE, INTEGRITY, PEX_RESv4, PEX_REQ, "
            + "SIGNED_INTEGRITY, REQUEST, CANCEL, CHOKE, UNCHOKE, PEX_RESv6, PEX_REScert")
        .containsEntry("ppspp.option.chunk_size", "1024")
        .containsEntry("ppspp.option.signature_algorithm", "13")
        .containsEntry("ppspp.hash", HASH_32);
  }

  @Test
  void decodesEveryOtherMessageType() {
    Map<String, String> reply = frame("rfc-reply");
    assertThat(reply.get("_ws.col.Info")).isEqualTo("ch a1a1a1a1: HANDSHAKE[b2b2b2b2 v1 SHA-256 64-bit chunk "
        + "ranges chunk size 1024], REQUEST[16..31], CANCEL[16..23], CHOKE, UNCHOKE, PEX_RESv4[127.0.0.2:6666], "
        + "PEX_RESv6[[2001:db8::1]:6667], PEX_REScert[3 bytes], SIGNED_INTEGRITY[0..15], ACK[3..3], DATA[4..4]");
    assertThat(reply).containsEntry("ppspp.pex.ipv4", "127.0.0.2")
        .containsEntry("ppspp.pex.ipv6", "2001:db8::1")
        .containsEntry("ppspp.pex.port", "6666,6667")
        .containsEntry("ppspp.pex.certificate", "300100")
        .containsEntry("ppspp.signature", SIGNATURE_64)
        .containsEntry("ppspp.delay", "-5")
        .containsEntry("ppspp.payload_length", "5");
  }

  @Test
  void laterDatagramsOfAChannelUseItsHandshake() {
    assertThat(frame("rfc-later").get("_ws.col.Info")).isEqualTo("ch b2b2b2b2: HAVE[16..31], INTEGRITY[16..31]");
    assertThat(frame("rfc-later").get("ppspp.hash")).isEqualTo(HASH_32);
  }

  @Test
  void decodesThirtyTwoBitBinsAsChunkRanges() {
    assertThat(frame("bins-open").get("_ws.col.Info")).isEqualTo("ch 00000000: HANDSHAKE[c3c3c3c3 v1 swarm "
        + SWARM + " SHA-1 32-bit bins], HAVE[bin 7 [0..7]], HAVE[bin 2147483647 [0..2147483647]]");
    assertThat(frame("bins-reply").get("_ws.col.Info")).isEqualTo("ch c3c3c3c3: HANDSHAKE[d4d4d4d4 v1 32-bit "
        + "bins], REQUEST[bin 2 [1..1]], INTEGRITY[bin 1 [0..1]], DATA[bin 0 [0..0]]");
    assertThat(frame("bins-reply")).containsEntry("ppspp.hash", HASH_20)
        .containsEntry("ppspp.chunk.start", "1,0,0")
        .containsEntry("ppspp.chunk.end", "1,1,0")
        .containsEntry("ppspp.payload_length", "3");
  }

  @Test
  void tracksAddressingPerChannelWithinOneConversation() {
    assertThat(frame("bytes-open").get("_ws.col.Info")).endsWith("64-bit byte ranges], HAVE[bytes 0..1023]");
    assertThat(frame("bins64-open").get("_ws.col.Info")).endsWith("64-bit bins], HAVE[bin 1 [0..1]]");
    assertThat(frame("bytes-later").get("_ws.col.Info")).isEqualTo("ch 5e5e5e5e: HAVE[bytes 1024..2047]");
    assertThat(frame("bytes-later")).containsEntry("ppspp.byte.start", "1024").containsEntry("ppspp.byte.end", "2047");
    assertThat(frame("bins64-later").get("_ws.col.Info")).isEqualTo("ch 6f6f6f6f: HAVE[bin 5 [2..3]]");
    assertThat(frame("bins64-later")).containsEntry("ppspp.bin", "5");
  }

  @Test
  void decodesEachDirectionOfAChannelWithItsSendersOptions() {
    assertThat(frame("dir-reply").get("_ws.col.Info"))
        .isEqualTo("ch 11111111: HANDSHAKE[22222222 v1 32-bit bins], HAVE[bin 3 [0..3]]");
    assertThat(frame("dir-request").get("_ws.col.Info")).isEqualTo("ch 22222222: REQUEST[0..2]");
    assertThat(frame("dir-ack").get("_ws.col.Info")).isEqualTo("ch 22222222: ACK[0..2]");
  }

  @Test
  void splitsASegmentationOffloadRunIntoItsDatagrams() {
    Map<String, String> run = frame("gso-run");
    assertThat(run.get("_ws.col.Info")).isEqualTo("[3-datagram segmentation-offload run] ch 11111111: "
        + "DATA[bin 0 [0..0]] | ch 11111111: DATA[bin 2 [1..1]] | ch 11111111: DATA[bin 4 [2..2]]");
    assertThat(run).containsEntry("ppspp.payload_length", "16,16,5").containsEntry("ppspp.chunk.start", "0,1,2");
    assertThat(run.get("_ws.expert.message"))
        .contains("Segmentation-offload run split into 3 datagrams of 33 bytes (the last 22)")
        .doesNotContain("Unknown message type");
  }

  @Test
  void saysSoWhenAPayloadLooksLikeARunThatDoesNotSplit() {
    Map<String, String> unsplit = frame("gso-unsplit");
    assertThat(unsplit.get("_ws.col.Info")).isEqualTo("ch 11111111: DATA[bin 0 [0..0]] "
        + "[looks like a segmentation-offload run: capture with segmentation off]");
    assertThat(unsplit.get("_ws.expert.message")).contains("looks like a segmentation-offload run: capture with "
        + "segmentation off (channel ID again at offset 33 of 40 bytes)");
    assertThat(frame("unknown-type").get("_ws.expert.message")).doesNotContain("segmentation-offload");
  }

  @Test
  void sizesRsaSignaturesFromThePublicKeyInTheSwarmId() {
    Map<String, String> open = frame("rsa-open");
    assertThat(open.get("_ws.col.Info")).endsWith("32-bit chunk ranges], SIGNED_INTEGRITY[0..15], HAVE[0..15]");
    assertThat(open).containsEntry("ppspp.signature", SIGNATURE_64)
        .containsEntry("ppspp.option.discard_window", "1024")
        .containsEntry("ppspp.option.signature_algorithm", "5");
  }

  @Test
  void recognisesLibswiftLegacyHandshakeWithoutDecodingIt() {
    assertThat(frame("legacy-open")).containsEntry("_ws.col.Info",
            "ch 00000000: libswift legacy protocol handshake 12345678")
        .containsEntry("ppspp.legacy_handshake", "1")
        .containsEntry("ppspp.legacy.root_hash", HASH_20);
    assertThat(frame("legacy-reply").get("_ws.col.Info"))
        .isEqualTo("ch 12345678: libswift legacy protocol handshake 9abcdef0");
    assertThat(frame("legacy-later").get("_ws.col.Info")).isEqualTo("ch 9abcdef0: libswift legacy protocol");
  }

  @Test
  void flagsMalformedDatagramsWithExpertInfo() {
    assertThat(frame("short")).containsEntry("_ws.col.Info", "Malformed: 3-byte datagram");
    assertThat(frame("short").get("_ws.expert.message")).contains("Datagram shorter than a channel ID (3 bytes)");
    assertThat(frame("no-end").get("_ws.expert.message")).contains("Handshake options lack the end option");
    assertThat(frame("unknown-option")).containsEntry("_ws.col.Info", "ch 00000000: HANDSHAKE[undecodable]");
    assertThat(frame("unknown-option").get("_ws.expert.message")).contains("Unknown handshake option 10");
    assertThat(frame("truncated-have")).containsEntry("_ws.col.Info", "ch 00000001: HAVE[truncated]");
    assertThat(frame("truncated-have").get("_ws.expert.message"))
        .contains("Truncated chunk range at offset 5: needs 8 bytes, 2 left");
    assertThat(frame("unknown-type")).containsEntry("_ws.col.Info", "ch 00000001: HAVE[0..1], type 14[unknown]");
    assertThat(frame("unknown-type").get("_ws.expert.message")).contains("Unknown message type 14");
    assertThat(frame("unknown-hash").get("_ws.expert.message")).contains("Unassigned hash function 9")
        .contains("Hash length unknown for Merkle hash function 9");
    assertThat(frame("inverted").get("_ws.expert.message")).contains("Range start is after its end");
    assertThat(frame("no-handshake").get("_ws.expert.message"))
        .contains("Datagram to channel 0 does not start with a HANDSHAKE");
  }
}
