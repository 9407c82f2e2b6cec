package dev.eddy.peer.wire;

/** Shared PEX checks. */
final class Pex {
  private Pex() {}

  static void requirePort(int port) {
    if (port < 0 || port > 0xFFFF) {
      throw new IllegalArgumentException("port must fit 16 bits: " + port);
    }
  }
}
