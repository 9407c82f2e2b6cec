package dev.eddy.peer.wire;

import java.net.Inet4Address;
import java.util.Objects;

/** PEX_RESv4 (RFC 7574 §8.12): {@code 05 <IPv4 address:4> <port:2>}, a peer the sender knows of. */
public record PexResV4(Inet4Address address, int port) implements Message {
  public PexResV4 {
    Objects.requireNonNull(address, "address");
    Pex.requirePort(port);
  }

  @Override
  public MessageType type() {
    return MessageType.PEX_RESv4;
  }
}
