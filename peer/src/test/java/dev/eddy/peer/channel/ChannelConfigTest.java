package dev.eddy.peer.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChannelConfigTest {
  private static final long MS = 1_000_000L;

  @Test
  void handshakeBackoffDoublesThenStaysCapped() {
    ChannelConfig config = ChannelConfig.DEFAULT;
    assertThat(config.handshakeRetryDelayNs(1)).isEqualTo(300 * MS);
    assertThat(config.handshakeRetryDelayNs(2)).isEqualTo(600 * MS);
    assertThat(config.handshakeRetryDelayNs(4)).isEqualTo(2400 * MS);
    assertThat(config.handshakeRetryDelayNs(9)).isEqualTo(2400 * MS);
  }

  @Test
  void connectTimeoutSetsJustEnoughAttemptsToCoverIt() {
    ChannelConfig sixty = ChannelConfig.DEFAULT.withConnectTimeoutNs(60_000 * MS);
    assertThat(sixty.handshakeGiveUpNs()).isGreaterThanOrEqualTo(60_000 * MS);
    assertThat(sixty.handshakeGiveUpNs() - sixty.handshakeRetryDelayNs(sixty.handshakeAttempts()))
        .isLessThan(60_000 * MS);
    assertThat(ChannelConfig.DEFAULT.withConnectTimeoutNs(4_000 * MS).handshakeAttempts())
        .isEqualTo(ChannelConfig.DEFAULT.handshakeAttempts());
    assertThat(ChannelConfig.DEFAULT.withConnectTimeoutNs(0).handshakeAttempts()).isEqualTo(1);
  }
}
