package dev.eddy.peer.pcap;

/**
 * One frame as the capture holds it.
 *
 * @param number 1-based position in the file, as Wireshark numbers frames
 * @param linkType the LINKTYPE_ value of the interface it was captured on
 * @param data the captured bytes (possibly fewer than {@code originalLength}: the snap length)
 * @param originalLength the frame's length on the wire
 */
public record CapturedFrame(int number, int linkType, byte[] data, int originalLength) {
  public boolean isTruncated() {
    return data.length < originalLength;
  }
}
