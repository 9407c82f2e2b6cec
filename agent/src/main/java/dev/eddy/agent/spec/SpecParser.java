package dev.eddy.agent.spec;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the agent's option string (DESIGN §5): comma-separated {@code key=value} or {@code key:value}
 * items. Every key accepts {@code :} because jcmd silently cuts {@code key=value} tokens down to
 * {@code key}; a key that needs a value but arrives bare is reported as that truncation.
 */
public final class SpecParser {

  /** Who handed us the string; only jcmd truncates, so only its error names the cause. */
  public enum Origin { COMMAND_LINE, JCMD, ATTACH_CLIENT }

  /**
   * Packages the agent itself runs on before its re-entrancy guard can act (or the agent itself):
   * instrumenting them would recurse, so a pattern that can only match inside them is refused.
   */
  public static final List<String> REFUSED_PACKAGES =
      List.of("java.lang.", "jdk.internal.", "sun.", "dev.eddy.agent.");

  private static final Set<String> NEEDS_VALUE =
      Set.of("trace", "limit", "time", "rate", "args", "scope", "threads", "sink", "depth", "width", "when", "mode",
          "interval");
  private static final Set<String> FLAGS = Set.of("return", "clear", "status");
  private static final Set<String> OPTIONAL_VALUE = Set.of("stack");
  private static final Pattern CLASS_GLOB = Pattern.compile("[A-Za-z0-9_$.*]+");
  private static final Pattern METHOD_GLOB = Pattern.compile("[A-Za-z0-9_$*]+");
  private static final Pattern THREAD_GLOB = Pattern.compile("[^;,]+");
  private static final Pattern RATE = Pattern.compile("(\\d{1,9})/(.+)");
  private static final int MAX_PATTERNS = 32;
  private static final String EXAMPLE = "trace:com.example.Foo#bar,limit:10";

  private SpecParser() {}

  public static AgentCommand parse(String spec, Origin origin) throws SpecException {
    Map<String, String> items = split(spec, origin);
    if (items.containsKey("clear") || items.containsKey("status")) {
      return parseControl(items);
    }
    if (!items.containsKey("trace")) {
      throw new SpecException("nothing to do: give trace:PATTERN, clear or status, e.g. " + EXAMPLE);
    }
    Optional<Duration> summary = summaryInterval(items);
    return new TraceSpec(
        patterns(items.get("trace")),
        positiveLong("limit", items.get("limit"), TraceSpec.DEFAULT_LIMIT),
        items.containsKey("time") ? Durations.parse("time", items.get("time")) : TraceSpec.DEFAULT_TIME,
        items.containsKey("rate") ? Optional.of(rate(items.get("rate"))) : Optional.empty(),
        items.containsKey("return"),
        choice("args", items.get("args"), ArgsMode.class, ArgsMode.VALUES),
        items.containsKey("stack") ? stackDepth(items.get("stack")) : 0,
        choice("scope", items.get("scope"), Scope.class, Scope.LOCAL),
        items.containsKey("threads") ? threads(items.get("threads")) : ThreadFilter.ALL,
        items.containsKey("sink") ? sinks(items.get("sink")) : List.of(),
        boundedInt("depth", items.get("depth"), TraceSpec.DEFAULT_DEPTH, 1, 16),
        boundedInt("width", items.get("width"), TraceSpec.DEFAULT_WIDTH, 8, 100_000),
        items.containsKey("when") ? Optional.of(ConditionParser.parse(items.get("when"), origin)) : Optional.empty(),
        summary);
  }

  private static Optional<Duration> summaryInterval(Map<String, String> items) throws SpecException {
    String mode = items.getOrDefault("mode", "lines");
    if (mode.equals("lines")) {
      if (items.containsKey("interval")) {
        throw new SpecException("interval goes with mode:summary (lines are written as calls happen)");
      }
      return Optional.empty();
    }
    if (!mode.equals("summary")) {
      throw new SpecException("mode must be lines|summary, got '" + mode + "'");
    }
    for (String key : List.of("limit", "rate", "return", "stack")) {
      if (items.containsKey(key)) {
        throw new SpecException("'" + key + "' does not go with mode:summary, which counts every matching call"
            + " and is bounded by time");
      }
    }
    return Optional.of(items.containsKey("interval")
        ? Durations.parse("interval", items.get("interval")) : TraceSpec.DEFAULT_INTERVAL);
  }

  private static Map<String, String> split(String raw, Origin origin) throws SpecException {
    String spec = raw == null ? "" : raw.strip();
    // The double-quoted jcmd form may reach us with its quotes.
    if (spec.length() >= 2 && spec.startsWith("\"") && spec.endsWith("\"")) {
      spec = spec.substring(1, spec.length() - 1).strip();
    }
    if (spec.isEmpty()) {
      throw new SpecException("empty trace spec; give e.g. " + EXAMPLE);
    }
    Map<String, String> items = new LinkedHashMap<>();
    for (String item : spec.split(",", -1)) {
      item = item.strip();
      if (item.isEmpty()) {
        throw new SpecException("empty item in trace spec '" + spec + "' (two commas in a row?)");
      }
      int eq = item.indexOf('=');
      int colon = item.indexOf(':');
      int sep = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
      String key = (sep < 0 ? item : item.substring(0, sep)).strip().toLowerCase(Locale.ROOT);
      String value = sep < 0 ? null : item.substring(sep + 1).strip();
      if (!NEEDS_VALUE.contains(key) && !FLAGS.contains(key) && !OPTIONAL_VALUE.contains(key)) {
        throw new SpecException("unknown key '" + key + "' in trace spec; known keys: trace, limit, time, rate,"
            + " return, args, stack, scope, threads, sink, depth, width, when, mode, interval, clear, status");
      }
      if (items.containsKey(key)) {
        throw new SpecException("key '" + key + "' given twice in trace spec");
      }
      if (NEEDS_VALUE.contains(key) && (value == null || value.isEmpty())) {
        throw new SpecException(missingValue(key, value == null, origin));
      }
      if (FLAGS.contains(key) && value != null) {
        throw new SpecException("'" + key + "' takes no value, got '" + item + "'");
      }
      if (OPTIONAL_VALUE.contains(key) && value != null && value.isEmpty()) {
        throw new SpecException("'" + key + "' needs a value after the separator or none at all");
      }
      items.put(key, value);
    }
    return items;
  }

  private static String missingValue(String key, boolean bare, Origin origin) {
    String form = key + ":VALUE";
    if (bare && origin == Origin.JCMD) {
      return "'" + key + "' arrived without a value: most likely jcmd cut '" + key + "=…' at the '=' (it passes"
          + " only the part before '=' of such tokens); write " + form + " with a colon, e.g. jcmd PID"
          + " JVMTI.agent_load /abs/path/eddy-agent.jar " + EXAMPLE;
    }
    return "'" + key + "' needs a value: write " + form + " (or " + key + "=VALUE outside jcmd)";
  }

  private static AgentCommand parseControl(Map<String, String> items) throws SpecException {
    String control = items.containsKey("clear") ? "clear" : "status";
    for (String key : items.keySet()) {
      if (!key.equals(control) && !key.equals("sink")) {
        throw new SpecException("'" + control + "' takes no other keys than sink, got '" + key + "'");
      }
    }
    List<SinkTarget> sinks = items.containsKey("sink") ? sinks(items.get("sink")) : List.of();
    return control.equals("clear") ? new AgentCommand.Clear(sinks) : new AgentCommand.Status(sinks);
  }

  private static List<MethodPattern> patterns(String text) throws SpecException {
    List<MethodPattern> patterns = new ArrayList<>();
    for (String part : text.split(";", -1)) {
      patterns.add(pattern(part.strip()));
    }
    if (patterns.size() > MAX_PATTERNS) {
      throw new SpecException("at most " + MAX_PATTERNS + " trace patterns, got " + patterns.size());
    }
    return patterns;
  }

  static MethodPattern pattern(String text) throws SpecException {
    if (text.isEmpty()) {
      throw new SpecException("empty trace pattern; write ClassGlob[#methodGlob][/arity], e.g. com.example.Foo#on*/1");
    }
    String rest = text;
    OptionalInt arity = OptionalInt.empty();
    int slash = rest.lastIndexOf('/');
    if (slash >= 0) {
      String digits = rest.substring(slash + 1);
      if (!digits.matches("\\d{1,3}") || Integer.parseInt(digits) > 255) {
        throw new SpecException("arity in '" + text + "' must be a number of parameters 0..255, got '" + digits + "'");
      }
      arity = OptionalInt.of(Integer.parseInt(digits));
      rest = rest.substring(0, slash);
    }
    String classPart = rest;
    String methodPart = "*";
    // Foo#bar as in Javadoc, or Foo::bar as in a method reference (and JFR's method-trace).
    int hash = rest.indexOf('#');
    int refer = rest.indexOf("::");
    if (hash >= 0 && refer >= 0) {
      throw new SpecException("pattern '" + text + "' has both '#' and '::'; write Class#method or Class::method");
    }
    if (hash >= 0 || refer >= 0) {
      classPart = rest.substring(0, hash >= 0 ? hash : refer);
      methodPart = rest.substring(hash >= 0 ? hash + 1 : refer + 2);
    }
    if (classPart.indexOf('.') < 0 && classPart.indexOf('*') < 0 && !classPart.isEmpty()) {
      classPart = "**." + classPart; // a simple name, as a Java user types it: that class in any package
    }
    if (!CLASS_GLOB.matcher(classPart).matches()) {
      throw new SpecException("class glob '" + classPart + "' in '" + text + "' may hold only letters, digits, _ $ . and *");
    }
    if (!METHOD_GLOB.matcher(methodPart).matches()) {
      throw new SpecException("method glob '" + methodPart + "' in '" + text + "' may hold only letters, digits, _ $ and *"
          + " (constructors are not traced)");
    }
    Glob classGlob = Glob.of(classPart);
    if (classGlob.isWildcardOnly()) {
      throw new SpecException("pattern '" + text + "' would trace every class; name a package or class,"
          + " e.g. com.example.** or **.Decoder#decode");
    }
    String prefix = classGlob.literalPrefix();
    for (String refused : REFUSED_PACKAGES) {
      if (prefix.startsWith(refused)) {
        throw new SpecException("refusing to trace '" + text + "': the agent itself runs on " + refused + "* classes"
            + " (tracing them would recurse into the tracer); other JDK packages such as java.util.zip or java.io work");
      }
    }
    return new MethodPattern(classGlob, Glob.of(methodPart), arity);
  }

  private static Rate rate(String text) throws SpecException {
    Matcher m = RATE.matcher(text);
    if (!m.matches() || Integer.parseInt(m.group(1)) == 0) {
      throw new SpecException("rate must be CALLS/DURATION with CALLS > 0, e.g. rate:100/1s, got '" + text + "'");
    }
    return new Rate(Integer.parseInt(m.group(1)), Durations.parse("rate window", m.group(2)));
  }

  private static int stackDepth(String text) throws SpecException {
    return text == null ? TraceSpec.DEFAULT_STACK_DEPTH : boundedInt("stack", text, 0, 1, 256);
  }

  private static ThreadFilter threads(String text) throws SpecException {
    boolean all = false;
    boolean fresh = false;
    boolean existing = false;
    List<Glob> names = new ArrayList<>();
    for (String part : text.split(";", -1)) {
      String item = part.strip();
      switch (item) {
        case "all" -> all = true;
        case "new" -> fresh = true;
        case "existing" -> existing = true;
        default -> {
          if (!THREAD_GLOB.matcher(item).matches()) {
            throw new SpecException("threads item '" + item + "' must be all, new, existing or a thread-name glob");
          }
          // Thread names have no package segments: `*` matches anything, dots included.
          names.add(new Glob(item, Pattern.compile(
              Pattern.quote(item).replace("*", "\\E.*\\Q"))));
        }
      }
    }
    if (all && (fresh || existing || !names.isEmpty())) {
      throw new SpecException("threads:all cannot be combined with other thread selectors, got '" + text + "'");
    }
    return all ? ThreadFilter.ALL : new ThreadFilter(false, fresh, existing, List.copyOf(names));
  }

  private static List<SinkTarget> sinks(String text) throws SpecException {
    List<SinkTarget> sinks = new ArrayList<>();
    for (String part : text.split(";", -1)) {
      String item = part.strip();
      SinkTarget sink;
      if (item.equals("stdout")) {
        sink = new SinkTarget.Stdout();
      } else if (item.equals("stderr")) {
        sink = new SinkTarget.Stderr();
      } else if (item.equals("jfr")) {
        sink = new SinkTarget.Jfr();
      } else if (item.startsWith("file:")) {
        Path path = filePath(item);
        if (!path.isAbsolute()) {
          throw new SpecException("file sink needs an absolute path (the target's working directory is not yours),"
              + " e.g. sink:file:/tmp/trace.log, got '" + item + "'");
        }
        sink = new SinkTarget.File(path);
      } else {
        throw new SpecException("sink '" + item + "' must be stdout, stderr, file:/ABS/PATH or jfr");
      }
      if (!sinks.contains(sink)) {
        sinks.add(sink);
      }
    }
    return sinks;
  }

  private static Path filePath(String item) throws SpecException {
    try {
      return Path.of(item.substring("file:".length()));
    } catch (InvalidPathException e) {
      // e.g. a NUL character, which no file system takes
      throw new SpecException("file sink '" + item + "' is not a usable path: " + e.getReason());
    }
  }

  private static long positiveLong(String key, String text, long dflt) throws SpecException {
    if (text == null) {
      return dflt;
    }
    try {
      long v = Long.parseLong(text);
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SpecException(key + " must be a positive whole number, got '" + text + "'");
  }

  private static int boundedInt(String key, String text, int dflt, int min, int max) throws SpecException {
    if (text == null) {
      return dflt;
    }
    try {
      int v = Integer.parseInt(text);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SpecException(key + " must be a whole number from " + min + " to " + max + ", got '" + text + "'");
  }

  private static <E extends Enum<E>> E choice(String key, String text, Class<E> type, E dflt) throws SpecException {
    if (text == null) {
      return dflt;
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(text)) {
        return e;
      }
    }
    StringBuilder allowed = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      allowed.append(allowed.length() == 0 ? "" : "|").append(e.name().toLowerCase(Locale.ROOT));
    }
    throw new SpecException(key + " must be " + allowed + ", got '" + text + "'");
  }
}
