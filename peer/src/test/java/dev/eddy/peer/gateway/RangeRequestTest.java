package dev.eddy.peer.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.peer.gateway.RangeRequest.FromTo;
import dev.eddy.peer.gateway.RangeRequest.Invalid;
import dev.eddy.peer.gateway.RangeRequest.Span;
import dev.eddy.peer.gateway.RangeRequest.Suffix;
import dev.eddy.peer.gateway.RangeRequest.Whole;
import org.junit.jupiter.api.Test;

class RangeRequestTest {
  @Test
  void oneByteRangeInEachForm() {
    assertThat(RangeRequest.parse("bytes=0-99")).isEqualTo(new FromTo(0, 99));
    assertThat(RangeRequest.parse("bytes=500-")).isEqualTo(new FromTo(500, -1));
    assertThat(RangeRequest.parse(" Bytes = 7 - 9 ")).isEqualTo(new FromTo(7, 9));
    assertThat(RangeRequest.parse("bytes=-300")).isEqualTo(new Suffix(300));
  }

  @Test
  void noHeaderAnotherUnitOrSeveralRangesMeanTheWholeContent() {
    assertThat(RangeRequest.parse(null)).isEqualTo(new Whole());
    assertThat(RangeRequest.parse("items=0-5")).isEqualTo(new Whole());
    assertThat(RangeRequest.parse("bytes=0-1,5-6")).isEqualTo(new Whole());
  }

  @Test
  void malformedByteRangesAreInvalid() {
    assertThat(RangeRequest.parse("bytes=5-2")).isInstanceOf(Invalid.class);
    assertThat(RangeRequest.parse("bytes=abc")).isInstanceOf(Invalid.class);
    assertThat(RangeRequest.parse("bytes=1-x")).isInstanceOf(Invalid.class);
    assertThat(RangeRequest.parse("bytes=-")).isInstanceOf(Invalid.class);
    assertThat(RangeRequest.parse("bytes=0-1,zz")).isInstanceOf(Invalid.class);
    assertThat(RangeRequest.parse("0-5")).isInstanceOf(Invalid.class);
    assertThat(RangeRequest.parse("bytes=1234567890123456789-")).as("past any long").isInstanceOf(Invalid.class);
  }

  @Test
  void spansAreClippedToTheContentAndNullWhenOutside() {
    assertThat(new FromTo(10, 5000).within(1000)).isEqualTo(new Span(10, 999));
    assertThat(new FromTo(10, -1).within(1000)).isEqualTo(new Span(10, 999));
    assertThat(new FromTo(1000, -1).within(1000)).isNull();
    assertThat(new Suffix(5000).within(1000)).isEqualTo(new Span(0, 999));
    assertThat(new Suffix(0).within(1000)).isNull();
    assertThat(new Whole().within(1000)).isEqualTo(new Span(0, 999));
    assertThat(new Whole().within(0).length()).isZero();
  }
}
