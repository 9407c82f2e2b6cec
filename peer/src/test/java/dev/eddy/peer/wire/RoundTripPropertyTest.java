package dev.eddy.peer.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Every message type under every chunk addressing method: encode, decode, compare. */
class RoundTripPropertyTest {
  private static final List<ChunkAddressing> ADDRESSING = List.of(ChunkAddressing.BINS_32,
      ChunkAddressing.BYTE_RANGES_64, ChunkAddressing.CHUNK_RANGES_32, ChunkAddressing.BINS_64,
      ChunkAddressing.CHUNK_RANGES_64);

  /** Built once per context: jqwik is slow to build generators afresh on every try. */
  private static final Map<DecodingContext, Arbitrary<Case>> CASES = new ConcurrentHashMap<>();

  /** A context and a datagram that is valid under it. */
  record Case(DecodingContext context, Datagram datagram) {}

  @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
  void everyDatagramSurvivesEncodeThenDecode(@ForAll("cases") Case testCase) {
    ByteBuf out = Unpooled.buffer();
    DecodingContext after = DatagramEncoder.encode(testCase.datagram(), testCase.context(), out);
    assertThat(out.readableBytes()).isEqualTo(DatagramEncoder.encodedLength(testCase.datagram(), testCase.context()));

    DecodeResult result = DatagramDecoder.decode(out, testCase.context());

    assertThat(result).isEqualTo(new DecodeResult.Decoded(testCase.datagram(), after));
  }

  @Provide
  Arbitrary<Case> cases() {
    return Combinators.combine(
            Arbitraries.of(ADDRESSING),
            Arbitraries.of(MerkleHashFunction.SHA1, MerkleHashFunction.SHA224, MerkleHashFunction.SHA256,
                MerkleHashFunction.SHA384, MerkleHashFunction.SHA512),
            Arbitraries.of(LiveSignatureAlgorithm.ECDSAP256SHA256, LiveSignatureAlgorithm.ECDSAP384SHA384,
                LiveSignatureAlgorithm.ED25519, LiveSignatureAlgorithm.ED448))
        .as((addressing, hash, signature) -> DecodingContext.DEFAULT.withChunkAddressing(addressing)
            .withMerkleHashFunction(hash).withLiveSignatureAlgorithm(signature))
        .flatMap(context -> CASES.computeIfAbsent(context, RoundTripPropertyTest::casesUnder));
  }

  private static Arbitrary<Case> casesUnder(DecodingContext context) {
    return Combinators.combine(
            Arbitraries.longs().between(0, Channels.MAX_CHANNEL_ID),
            message(context).list().ofMaxSize(12),
            handshake(context).injectNull(0.6),
            data(context).injectNull(0.5))
        .as((channel, messages, handshake, data) -> {
          List<Message> all = new ArrayList<>();
          if (handshake != null) {
            all.add(handshake);
          }
          all.addAll(messages);
          if (data != null) {
            all.add(data);
          }
          return new Case(context, new Datagram(channel, all));
        });
  }

  private static Arbitrary<Message> message(DecodingContext context) {
    Arbitrary<ChunkSpec> spec = spec(context.chunkAddressing());
    Arbitrary<Long> anyLong = Arbitraries.longs();
    return Arbitraries.oneOf(List.of(
        spec.map(Have::new),
        spec.map(Request::new),
        spec.map(Cancel::new),
        Combinators.combine(spec, anyLong).as(Ack::new),
        Combinators.combine(spec, bytes(context.merkleHashFunction().hashLength())).as(Integrity::new),
        Combinators.combine(spec, anyLong, bytes(context.signatureLength())).as(SignedIntegrity::new),
        Combinators.combine(Arbitraries.bytes().array(byte[].class).ofSize(4), ports())
            .as((ip, port) -> new PexResV4((Inet4Address) address(ip), port)),
        Combinators.combine(Arbitraries.bytes().array(byte[].class).ofSize(16), ports())
            .as((ip, port) -> new PexResV6(ipv6(ip), port)),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(cert -> new PexResCert(Bytes.of(cert))),
        Arbitraries.just(PexReq.INSTANCE),
        Arbitraries.just(Choke.INSTANCE),
        Arbitraries.just(Unchoke.INSTANCE)));
  }

  private static Arbitrary<Message> data(DecodingContext context) {
    return Combinators.combine(spec(context.chunkAddressing()), Arbitraries.longs(),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(200))
        .as((spec, timestamp, payload) -> new Data(spec, timestamp, Unpooled.wrappedBuffer(payload)));
  }

  /**
   * A handshake with any subset of options in any order; the options that change how later messages
   * decode repeat the context's values, so the rest of the generated datagram stays valid.
   */
  private static Arbitrary<Message> handshake(DecodingContext context) {
    List<Arbitrary<UnaryOperator<HandshakeOptions>>> setters = List.of(
        Arbitraries.integers().between(0, 255).map(v -> o -> o.withVersion(v)),
        Arbitraries.integers().between(0, 255).map(v -> o -> o.withMinimumVersion(v)),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(id -> o -> o.withSwarmId(Bytes.of(id))),
        Arbitraries.integers().between(0, 255).map(v -> o -> o.withContentIntegrity(ContentIntegrity.of(v))),
        Arbitraries.just(o -> o.withMerkleHashFunction(context.merkleHashFunction())),
        Arbitraries.just(o -> o.withLiveSignatureAlgorithm(context.liveSignatureAlgorithm())),
        Arbitraries.just(o -> o.withChunkAddressing(context.chunkAddressing())),
        (context.chunkAddressing().valueWidth() == 4
                ? Arbitraries.longs().between(0, 0xFFFF_FFFFL)
                : Arbitraries.longs())
            .map(v -> o -> o.withLiveDiscardWindow(v)),
        Arbitraries.of(MessageType.class).set().map(types -> o -> o.withSupportedMessages(SupportedMessages.of(types))),
        Arbitraries.longs().between(1, HandshakeOptions.VARIABLE_CHUNK_SIZE).map(v -> o -> o.withChunkSize(v)));
    return Combinators.combine(
            Arbitraries.longs().between(0, Channels.MAX_CHANNEL_ID),
            Arbitraries.oneOf(setters).list().ofMaxSize(12))
        .as((source, edits) -> {
          HandshakeOptions options = HandshakeOptions.NONE;
          for (UnaryOperator<HandshakeOptions> edit : edits) {
            options = edit.apply(options);
          }
          return new Handshake(source, options);
        });
  }

  private static Arbitrary<ChunkSpec> spec(ChunkAddressing addressing) {
    if (addressing.usesBins()) {
      Arbitrary<Long> values = addressing.valueWidth() == 4
          ? Arbitraries.longs().between(0, 0xFFFF_FFFEL)
          : Arbitraries.longs().filter(v -> v != -1L);
      return values.map(ChunkSpec.Bin::new);
    }
    long max = addressing.valueWidth() == 4 ? 0xFFFF_FFFFL : Long.MAX_VALUE;
    return Combinators.combine(Arbitraries.longs().between(0, max), Arbitraries.longs().between(0, max))
        .as((a, b) -> addressing.usesByteRanges()
            ? new ChunkSpec.ByteRange(Math.min(a, b), Math.max(a, b))
            : new ChunkSpec.ChunkRange(Math.min(a, b), Math.max(a, b)));
  }

  private static Arbitrary<Bytes> bytes(int length) {
    return Arbitraries.bytes().array(byte[].class).ofSize(length).map(Bytes::of);
  }

  private static Arbitrary<Integer> ports() {
    return Arbitraries.integers().between(0, 0xFFFF);
  }

  private static InetAddress address(byte[] raw) {
    try {
      return InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Inet6Address ipv6(byte[] raw) {
    try {
      return Inet6Address.getByAddress(null, raw, -1);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
