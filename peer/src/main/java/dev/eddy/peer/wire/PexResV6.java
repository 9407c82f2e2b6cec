package dev.eddy.peer.wire;

import java.net.Inet6Address;
import java.util.Objects;

/** PEX_RESv6 (RFC 7574 §8.12): {@code 0c <IPv6 address:16> <port:2>}. */
public record PexResV6(Inet6Address address, int port) implements Message {
  public PexResV6 {
    Objects.requireNonNull(address, "address");
    Pex.requirePort(port);
  }

  @Override
  public MessageType type() {
    return MessageType.PEX_RESv6;
  }
}
