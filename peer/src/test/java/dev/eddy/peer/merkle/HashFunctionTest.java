package dev.eddy.peer.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

class HashFunctionTest {
  @Test
  void codesAndLengthsFollowRfc7574Option4() {
    assertThat(HashFunction.values())
        .extracting(HashFunction::code, HashFunction::length, f -> f.newDigest().getDigestLength())
        .containsExactly(
            tuple(0, 20, 20),
            tuple(1, 28, 28),
            tuple(2, 32, 32),
            tuple(3, 48, 48),
            tuple(4, 64, 64));
    assertThat(HashFunction.fromCode(2)).contains(HashFunction.SHA256);
    assertThat(HashFunction.fromCode(5)).isEmpty();
  }

  @Test
  void namesAreCaseAndDashInsensitive() {
    assertThat(HashFunction.fromName("sha1")).contains(HashFunction.SHA1);
    assertThat(HashFunction.fromName("SHA-384")).contains(HashFunction.SHA384);
    assertThat(HashFunction.fromName("md5")).isEmpty();
    assertThat(HashFunction.SHA512).hasToString("sha512");
  }

  @Test
  void hashValuesParseAndCompareByContent() {
    Hash hash = Hash.fromHex("C89800BFC82ED01ED6E3BFD5408C51274491F7D4");

    assertThat(hash.toHex()).isEqualTo("c89800bfc82ed01ed6e3bfd5408c51274491f7d4");
    assertThat(hash).isEqualTo(Hash.of(hash.toByteArray())).hasSameHashCodeAs(Hash.of(hash.toByteArray()));
    assertThat(Hash.zero(HashFunction.SHA224).toByteArray()).hasSize(28).containsOnly(0);
    assertThatThrownBy(() -> Hash.fromHex("abc")).hasMessageContaining("even number");
    assertThatThrownBy(() -> Hash.fromHex("zz")).hasMessageContaining("only hex digits");
  }
}
