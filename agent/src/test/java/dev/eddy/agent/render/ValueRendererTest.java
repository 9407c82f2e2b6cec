package dev.eddy.agent.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueRendererTest {
  private final ValueRenderer renderer = new ValueRenderer(2, 40);

  @Test
  void rendersScalarsStringsAndNull() {
    assertThat(renderer.render(null)).isEqualTo("null");
    assertThat(renderer.render(42L)).isEqualTo("42");
    assertThat(renderer.render("a\"b\n")).isEqualTo("\"a\\\"b\\n\"");
    assertThat(renderer.render('x')).isEqualTo("'x'");
    assertThat(renderer.render(Thread.State.NEW)).isEqualTo("NEW");
    assertThat(renderer.renderAll(new Object[] {1, "s", null})).isEqualTo("1, \"s\", null");
  }

  @Test
  void containersStopAtTheDepthLimit() {
    List<Object> nested = List.of(1, List.of(2, List.of(3)));
    assertThat(renderer.render(nested)).matches("\\[1, \\[2, List\\w*\\[…]]]");
    assertThat(renderer.render(new int[] {1, 2})).isEqualTo("[1, 2]");
    assertThat(new ValueRenderer(1, 40).render(new int[][] {{1}})).isEqualTo("[int[1]]");
    Map<String, Integer> map = new LinkedHashMap<>();
    map.put("a", 1);
    assertThat(renderer.render(map)).isEqualTo("{\"a\"=1}");
  }

  @Test
  void textIsCutAtTheWidthLimit() {
    String rendered = renderer.render("x".repeat(100));
    assertThat(rendered).hasSize(40).endsWith("…");
    List<Integer> many = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      many.add(i);
    }
    assertThat(renderer.render(many)).hasSize(40).endsWith("…");
  }

  @Test
  void failuresOfTheValueAreShownNotThrown() {
    Object grumpy = new Object() {
      @Override
      public String toString() {
        throw new IllegalStateException("no");
      }
    };
    assertThat(new ValueRenderer(2, 80).render(grumpy)).isEqualTo("<toString threw java.lang.IllegalStateException>");
    Iterable<Integer> failing = () -> new Iterator<>() {
      public boolean hasNext() {
        return true;
      }

      public Integer next() {
        throw new java.util.ConcurrentModificationException();
      }
    };
    List<Object> holder = new ArrayList<>() {
      @Override
      public Iterator<Object> iterator() {
        @SuppressWarnings("unchecked")
        Iterator<Object> it = (Iterator<Object>) (Iterator<?>) failing.iterator();
        return it;
      }
    };
    assertThat(new ValueRenderer(2, 80).render(holder)).contains("<iteration threw java.util.ConcurrentModificationException>");
    assertThat(renderer.renderThrown(new IOException("disk gone"))).isEqualTo("threw java.io.IOException: disk gone");
  }

  @Test
  void timestampsCarryMicroseconds() {
    Instant t = Instant.parse("2026-11-26T12:01:02.123456789Z");
    assertThat(Timestamps.format(t, ZoneOffset.UTC)).isEqualTo("12:01:02.123456");
    assertThat(Timestamps.format(Instant.parse("2026-11-26T01:02:03.000007Z"), ZoneOffset.UTC))
        .isEqualTo("01:02:03.000007");
  }
}
