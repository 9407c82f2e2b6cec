package dev.eddy.peer.gateway;

/**
 * A request's {@code Range} header (RFC 9110 §14.2) as the gateway honours it: one byte range. Several ranges
 * are answered with the whole content (a server may ignore {@code Range}; players ask for one range), and so
 * is a range unit other than bytes, which RFC 9110 requires a server to ignore.
 */
sealed interface RangeRequest {
  /** No usable range: the whole content, 200. */
  record Whole() implements RangeRequest {}

  /** {@code bytes=first-last}, or {@code bytes=first-} with {@code last} -1. */
  record FromTo(long first, long last) implements RangeRequest {}

  /** {@code bytes=-length}: the last {@code length} bytes. */
  record Suffix(long length) implements RangeRequest {}

  /** A {@code bytes} range that does not parse: 400, with {@code reason}. */
  record Invalid(String reason) implements RangeRequest {}

  /** The bytes to send, both ends inclusive. */
  record Span(long first, long last) {
    long length() {
      return last - first + 1;
    }
  }

  /** Digits in a position at most: anything longer could overflow a long and is no real file size. */
  int MAX_DIGITS = 18;

  static RangeRequest parse(String header) {
    if (header == null) {
      return new Whole();
    }
    String value = header.strip();
    int eq = value.indexOf('=');
    if (eq < 0) {
      return new Invalid("Range '" + header + "' has no unit (expected bytes=FIRST-LAST)");
    }
    if (!value.substring(0, eq).strip().equalsIgnoreCase("bytes")) {
      return new Whole();
    }
    String[] specs = value.substring(eq + 1).split(",", -1);
    RangeRequest one = null;
    for (String spec : specs) {
      RangeRequest r = parseSpec(spec.strip());
      if (r instanceof Invalid) {
        return r;
      }
      one = r;
    }
    return specs.length == 1 ? one : new Whole();
  }

  private static RangeRequest parseSpec(String spec) {
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return new Invalid("byte range '" + spec + "' has no '-'");
    }
    String first = spec.substring(0, dash).strip();
    String last = spec.substring(dash + 1).strip();
    if (first.isEmpty()) {
      return isNumber(last) ? new Suffix(Long.parseLong(last)) : new Invalid("byte range '" + spec + "' is not -LENGTH");
    }
    if (!isNumber(first) || !(last.isEmpty() || isNumber(last))) {
      return new Invalid("byte range '" + spec + "' is not FIRST-LAST with decimal positions");
    }
    long from = Long.parseLong(first);
    long to = last.isEmpty() ? -1 : Long.parseLong(last);
    if (to >= 0 && to < from) {
      return new Invalid("byte range '" + spec + "' ends before it starts");
    }
    return new FromTo(from, to);
  }

  private static boolean isNumber(String s) {
    return !s.isEmpty() && s.length() <= MAX_DIGITS && s.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /**
   * The bytes of content of {@code length} this asks for; null when none of it lies within the content (416).
   * Only for {@link Whole}, {@link FromTo} and {@link Suffix}.
   */
  default Span within(long length) {
    if (this instanceof FromTo r) {
      return r.first() >= length ? null : new Span(r.first(), r.last() < 0 ? length - 1 : Math.min(r.last(), length - 1));
    }
    if (this instanceof Suffix s) {
      return s.length() == 0 || length == 0 ? null : new Span(Math.max(0, length - s.length()), length - 1);
    }
    return new Span(0, length - 1);
  }
}
