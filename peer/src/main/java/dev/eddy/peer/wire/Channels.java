package dev.eddy.peer.wire;

/** Channel ID checks and formatting shared by the codec's records and the peer's logs. */
public final class Channels {
  private Channels() {}

  /** Largest channel ID: channel IDs are unsigned 32-bit numbers kept in a {@code long}. */
  public static final long MAX_CHANNEL_ID = 0xFFFF_FFFFL;

  static void requireChannelId(long channel) {
    if (channel < 0 || channel > MAX_CHANNEL_ID) {
      throw new IllegalArgumentException("channel ID must be an unsigned 32-bit number: " + channel);
    }
  }

  /** Eight lowercase hex digits, as libswift logs and {@code eddy inspect} print channel IDs. */
  public static String hex(long channel) {
    String digits = Long.toHexString(channel);
    return "00000000".substring(digits.length()) + digits;
  }
}
