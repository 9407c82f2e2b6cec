package dev.eddy.dashboards.wireshark;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our two decoders of the wire format, written independently (the Lua dissector and the peer's codec behind
 * {@code eddy inspect}), agree on every message of the real libswift capture: type, channel, source channel,
 * chunk ranges, hashes, timestamps, payload lengths, delay samples and handshake options; and on a crafted
 * channel whose two sides announce different addressing, with segmentation-offload runs.
 */
@Timeout(120)
class InspectAgreementIT {
  @TempDir Path dir;

  @Test
  void dissectorAndEddyInspectAgreeOnEveryMessageOfTheLibswiftCapture() throws Exception {
    DecoderViews.assertAgree(LibswiftCaptureDissectionTest.CAPTURE, 26000, dir, 219);
  }

  @Test
  void dissectorAndEddyInspectAgreeOnDirectionsWithDifferentAddressingAndOnSegmentationOffloadRuns() throws Exception {
    Path capture = dir.resolve("directions.pcap");
    try (PcapWriter pcap = new PcapWriter(capture)) {
      CraftedDatagramDissectionTest.writeDirectionsAndRuns(pcap);
    }
    DecoderViews.assertAgree(capture, 47000, dir, 6);
  }
}
