package dev.eddy.peer.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.peer.wire.DatagramDecoder;
import dev.eddy.peer.wire.DecodeResult;
import dev.eddy.peer.wire.DecodingContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Run detection on arbitrary bytes: never fails, and a split it finds always has the layout it claims. */
class SegmentedRunsTest {
  @Test
  void arbitraryPayloadsNeverBreakRunDetectionAndEverySplitHasTheClaimedLayout() {
    Random random = new Random(17);
    int splits = 0;
    for (int i = 0; i < 5_000; i++) {
      byte[] bytes = new byte[random.nextInt(2600)];
      random.nextBytes(bytes);
      if (bytes.length >= 8 && random.nextBoolean()) {
        // Plant the channel ID again at multiples of some length, as in a real run, or only partly.
        boolean whole = random.nextBoolean();
        int segment = 4 + random.nextInt(Math.min(1229, bytes.length - 7));
        for (int at = 0; at + 4 <= bytes.length && (whole || random.nextInt(8) > 0); at += segment) {
          System.arraycopy(bytes, 0, bytes, at, 4);
          if (at + 4 < bytes.length && (whole || random.nextBoolean())) {
            bytes[at + 4] = (byte) random.nextInt(14);
          }
        }
      }
      ByteBuf payload = Unpooled.wrappedBuffer(bytes);
      int segment = SegmentedRuns.segmentLength(payload);
      if (segment > 0) {
        splits++;
        assertThat(segment).isBetween(4, bytes.length - 4); // room for a second segment's channel ID
        for (int at = 0; at < bytes.length; at += segment) {
          assertThat(bytes.length - at).isGreaterThanOrEqualTo(4);
          assertThat(payload.getInt(at)).isEqualTo(payload.getInt(0)).isNotZero();
        }
      } else {
        DecodeResult whole = DatagramDecoder.decode(payload, DecodingContext.DEFAULT);
        int at = SegmentedRuns.unexplainedRunAt(payload, whole);
        if (at >= 0) {
          assertThat(payload.getInt(at)).isEqualTo(payload.getInt(0));
        }
      }
    }
    assertThat(splits).as("planted runs are found").isGreaterThan(700);
  }
}
