package dev.eddy.peer.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class PexValidatorTest {
  private static final InetSocketAddress SELF = new InetSocketAddress("127.0.0.1", 7000);
  private static final InetSocketAddress LOOPBACK_SENDER = new InetSocketAddress("127.0.0.1", 7001);
  private static final InetSocketAddress PUBLIC_SENDER = new InetSocketAddress("203.0.113.5", 7001);
  private static final InetSocketAddress LAN_SENDER = new InetSocketAddress("192.168.1.20", 7001);

  private static PexVerdict check(String host, int port, InetSocketAddress sender) {
    return PexValidator.check(new InetSocketAddress(host, port), sender, SELF);
  }

  @Test
  void acceptsPeersWithinTheSendersScopeOrWider() {
    assertThat(check("127.0.0.1", 7002, LOOPBACK_SENDER)).isEqualTo(PexVerdict.ACCEPTED);
    assertThat(check("192.168.1.21", 7002, LAN_SENDER)).isEqualTo(PexVerdict.ACCEPTED);
    assertThat(check("198.51.100.7", 7002, LAN_SENDER)).isEqualTo(PexVerdict.ACCEPTED);
    assertThat(check("198.51.100.7", 7002, PUBLIC_SENDER)).isEqualTo(PexVerdict.ACCEPTED);
    InetSocketAddress v6Self = new InetSocketAddress("::1", 7000);
    assertThat(PexValidator.check(new InetSocketAddress("::1", 7002), new InetSocketAddress("::1", 7001), v6Self))
        .isEqualTo(PexVerdict.ACCEPTED);
    assertThat(PexValidator.check(new InetSocketAddress("2001:db8::1", 7002), PUBLIC_SENDER, new InetSocketAddress("::", 7000)))
        .isEqualTo(PexVerdict.ACCEPTED);
  }

  @Test
  void dropsAddressesOfAFamilyTheSocketCannotReach() {
    assertThat(check("2001:db8::1", 7002, PUBLIC_SENDER)).isEqualTo(PexVerdict.OTHER_FAMILY);
    assertThat(check("::1", 7002, new InetSocketAddress("::1", 7001))).isEqualTo(PexVerdict.OTHER_FAMILY);
    assertThat(PexValidator.check(new InetSocketAddress("127.0.0.1", 7002), new InetSocketAddress("::1", 7001),
        new InetSocketAddress("::1", 7000))).isEqualTo(PexVerdict.OTHER_FAMILY);
  }

  @Test
  void dropsAddressesThatNameNoPeer() {
    assertThat(check("0.0.0.0", 7002, LOOPBACK_SENDER)).isEqualTo(PexVerdict.UNSPECIFIED);
    assertThat(check("::", 7002, LOOPBACK_SENDER)).isEqualTo(PexVerdict.UNSPECIFIED);
    assertThat(check("127.0.0.1", 0, LOOPBACK_SENDER)).isEqualTo(PexVerdict.UNSPECIFIED);
  }

  @Test
  void dropsMulticastAndBroadcast() {
    assertThat(check("224.0.0.1", 7002, PUBLIC_SENDER)).isEqualTo(PexVerdict.MULTICAST_OR_BROADCAST);
    assertThat(check("239.255.255.250", 1900, PUBLIC_SENDER)).isEqualTo(PexVerdict.MULTICAST_OR_BROADCAST);
    assertThat(check("ff02::1", 7002, PUBLIC_SENDER)).isEqualTo(PexVerdict.MULTICAST_OR_BROADCAST);
    assertThat(check("255.255.255.255", 7002, PUBLIC_SENDER)).isEqualTo(PexVerdict.MULTICAST_OR_BROADCAST);
    assertThat(check("192.168.1.255", 7002, LAN_SENDER)).isEqualTo(PexVerdict.MULTICAST_OR_BROADCAST);
  }

  @Test
  void dropsOurselvesAndTheSender() {
    assertThat(check("127.0.0.1", 7000, LOOPBACK_SENDER)).isEqualTo(PexVerdict.SELF);
    assertThat(PexValidator.check(new InetSocketAddress("127.0.0.1", 7000), LOOPBACK_SENDER, new InetSocketAddress("0.0.0.0", 7000)))
        .as("a wildcard socket is reachable on loopback").isEqualTo(PexVerdict.SELF);
    assertThat(check("127.0.0.1", 7001, LOOPBACK_SENDER)).isEqualTo(PexVerdict.REQUESTER);
  }

  @Test
  void dropsPrivateAndLoopbackAddressesFromPeersOutsideThatScope() {
    assertThat(check("127.0.0.1", 22, PUBLIC_SENDER)).isEqualTo(PexVerdict.NARROWER_SCOPE);
    assertThat(check("10.0.0.1", 22, PUBLIC_SENDER)).isEqualTo(PexVerdict.NARROWER_SCOPE);
    assertThat(check("100.64.0.1", 22, PUBLIC_SENDER)).isEqualTo(PexVerdict.NARROWER_SCOPE);
    assertThat(PexValidator.check(new InetSocketAddress("fd00::1", 22), new InetSocketAddress("2001:db8::5", 7001),
        new InetSocketAddress("::", 7000))).isEqualTo(PexVerdict.NARROWER_SCOPE);
    assertThat(check("169.254.1.1", 22, LAN_SENDER)).isEqualTo(PexVerdict.NARROWER_SCOPE);
    assertThat(check("127.0.0.1", 22, LAN_SENDER)).isEqualTo(PexVerdict.NARROWER_SCOPE);
  }
}
