package dev.eddy.peer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HostPortTest {
  private final HostPort parser = new HostPort();

  @Test
  void parsesIpv4AndBracketedIpv6() {
    assertThat(parser.convert("127.0.0.1:7777")).isEqualTo(new InetSocketAddress("127.0.0.1", 7777));
    assertThat(parser.convert("[::1]:7777")).isEqualTo(new InetSocketAddress("::1", 7777));
    assertThat(parser.convert("[2001:db8::5]:0")).isEqualTo(new InetSocketAddress("2001:db8::5", 0));
  }

  @Test
  void refusesAmbiguousOrIncompleteAddresses() {
    assertThatThrownBy(() -> parser.convert("::1:7777")).isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessageContaining("put an IPv6 address in brackets, e.g. [::1]:7777");
    assertThatThrownBy(() -> parser.convert("[::1]")).hasMessageContaining("is not [IPV6]:PORT");
    assertThatThrownBy(() -> parser.convert("[::1]:")).hasMessageContaining("port must be a number");
    assertThatThrownBy(() -> parser.convert("127.0.0.1")).hasMessageContaining("is not HOST:PORT");
    assertThatThrownBy(() -> parser.convert("[]:7")).hasMessageContaining("no host");
  }

  @Test
  void formatsAsTheUserTypesIt() {
    assertThat(HostPort.format(new InetSocketAddress("::1", 7777))).isEqualTo("[::1]:7777");
    assertThat(HostPort.format(new InetSocketAddress("2001:db8:0:0:1:0:0:5", 1))).isEqualTo("[2001:db8::1:0:0:5]:1");
    assertThat(HostPort.format(new InetSocketAddress("::", 1))).isEqualTo("[::]:1");
    assertThat(HostPort.format(new InetSocketAddress("fe80:0:0:0:0:0:0:1", 1))).isEqualTo("[fe80::1]:1");
    assertThat(HostPort.format(new InetSocketAddress("127.0.0.1", 7777))).isEqualTo("127.0.0.1:7777");
  }

  @Test
  void listensInThePeersFamilyUnlessToldOtherwise() {
    CommandLine command = new CommandLine(new GetCommand());
    InetSocketAddress v6Peer = new InetSocketAddress("::1", 7777);
    assertThat(HostPort.localFor(null, v6Peer, command)).isEqualTo(new InetSocketAddress("::1", 0));
    assertThat(HostPort.localFor(null, new InetSocketAddress("127.0.0.1", 7777), command))
        .isEqualTo(new InetSocketAddress("127.0.0.1", 0));
    assertThat(HostPort.localFor(new InetSocketAddress("::", 0), new InetSocketAddress("127.0.0.1", 7777), command))
        .isEqualTo(new InetSocketAddress("::", 0));
    assertThatThrownBy(() -> HostPort.localFor(new InetSocketAddress("127.0.0.1", 0), v6Peer, command))
        .hasMessageContaining("--listen 127.0.0.1:0 is IPv4 but the peer [::1]:7777 is IPv6");
  }
}
