package dev.eddy.peer.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.peer.wire.Bytes;
import dev.eddy.peer.wire.LiveSignatureAlgorithm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Live swarm IDs (the DNSSEC public key) and the signatures they verify, as leechers read them off the wire. */
class SwarmKeyTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(ints = {5, 8, 13, 14})
  void swarmIdRoundTripsAndVerifiesWhatTheKeySigned(int code) {
    LiveSignatureAlgorithm algorithm = LiveSignatureAlgorithm.of(code);
    KeyPair pair = KeyFiles.generate(algorithm, 1024);
    Signer signer = KeyFiles.signer(SwarmKey.of(algorithm, pair.getPublic()), pair.getPrivate());
    SwarmKey parsed = SwarmKey.parse(signer.key().swarmId());
    byte[] plaintext = "munro".getBytes(StandardCharsets.US_ASCII);
    byte[] signature = signer.sign(plaintext);

    assertThat(parsed.swarmId()).isEqualTo(signer.key().swarmId());
    assertThat(signature).hasSize(parsed.signatureLength());
    assertThat(LiveSignatureAlgorithm.signatureLengthOf(parsed.swarmId())).hasValue(parsed.signatureLength());
    assertThat(parsed.verifies(plaintext, signature)).isTrue();
    signature[signature.length - 1] ^= 1;
    assertThat(parsed.verifies(plaintext, signature)).isFalse();
    assertThat(parsed.verifies(plaintext, new byte[3])).isFalse();
  }

  @Test
  void swarmIdLengthsAreTheRfcs() {
    assertThat(SwarmKey.of(LiveSignatureAlgorithm.ECDSAP256SHA256,
        KeyFiles.generate(LiveSignatureAlgorithm.ECDSAP256SHA256, 0).getPublic()).swarmId().length()).isEqualTo(65);
    assertThat(SwarmKey.of(LiveSignatureAlgorithm.ECDSAP384SHA384,
        KeyFiles.generate(LiveSignatureAlgorithm.ECDSAP384SHA384, 0).getPublic()).swarmId().length()).isEqualTo(97);
    // RSA, 1024 bits, exponent 65537: algorithm, exponent length 3, 01 00 01, then 128 bytes of modulus.
    SwarmKey rsa = SwarmKey.of(LiveSignatureAlgorithm.RSASHA1, KeyFiles.generate(LiveSignatureAlgorithm.RSASHA1, 1024).getPublic());
    assertThat(rsa.hex()).startsWith("0503010001");
    assertThat(rsa.swarmId().length()).isEqualTo(1 + 1 + 3 + 128);
  }

  @Test
  void rejectsSwarmIdsThatAreNoUsableKey() {
    assertThatThrownBy(() -> SwarmKey.parse(Bytes.fromHex("651258d87cf77ea7b3e5dd7833df8c70a306f1df")))
        .isInstanceOf(IllegalArgumentException.class); // a static root hash: algorithm 0x65 is none we know
    assertThatThrownBy(() -> SwarmKey.parse(Bytes.fromHex("0d" + "00".repeat(63))))
        .hasMessageContaining("must be 64 bytes");
    assertThatThrownBy(() -> SwarmKey.parse(Bytes.fromHex("0d" + "01".repeat(64))))
        .hasMessageContaining("not on the curve");
    assertThatThrownBy(() -> SwarmKey.parse(Bytes.fromHex("0503010001")))
        .isInstanceOf(IllegalArgumentException.class); // no modulus
  }

  @Test
  void keyFileIsMadeOnceWithOwnerOnlyPermissionsAndKeepsTheSwarmId() throws Exception {
    Path file = dir.resolve("stream.key");
    KeyFiles.Loaded made = KeyFiles.loadOrCreate(file, LiveSignatureAlgorithm.ECDSAP384SHA384, 0);
    KeyFiles.Loaded again = KeyFiles.loadOrCreate(file, LiveSignatureAlgorithm.ECDSAP384SHA384, 0);

    assertThat(made.created()).isTrue();
    assertThat(again.created()).isFalse();
    assertThat(again.signer().key().swarmId()).isEqualTo(made.signer().key().swarmId());
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    byte[] signature = again.signer().sign(new byte[] {1, 2, 3});
    assertThat(made.signer().key().verifies(new byte[] {1, 2, 3}, signature)).isTrue();
    assertThatThrownBy(() -> KeyFiles.loadOrCreate(file, LiveSignatureAlgorithm.ECDSAP256SHA256, 0))
        .hasMessageContaining("P-384");
  }
}
