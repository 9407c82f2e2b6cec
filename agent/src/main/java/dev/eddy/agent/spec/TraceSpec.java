package dev.eddy.agent.spec;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A bounded trace session as asked for: always limited by a call count and a time, optionally by a rate.
 *
 * @param stackDepth frames of the caller's stack shown per call; 0 shows none
 * @param sinks where lines go; empty means the target's stdout
 * @param when only calls matching it are reported (and count toward {@code limit} and {@code rate})
 * @param summaryInterval present in {@code mode:summary}: calls are counted and timed per method and printed
 *     every interval, not reported one by one; {@code limit} and {@code rate} do not apply
 */
public record TraceSpec(
    List<MethodPattern> patterns,
    long limit,
    Duration time,
    Optional<Rate> rate,
    boolean reportReturn,
    ArgsMode args,
    int stackDepth,
    Scope scope,
    ThreadFilter threads,
    List<SinkTarget> sinks,
    int depth,
    int width,
    Optional<When> when,
    Optional<Duration> summaryInterval)
    implements AgentCommand {

  public static final long DEFAULT_LIMIT = 100;
  public static final Duration DEFAULT_TIME = Duration.ofSeconds(60);
  public static final int DEFAULT_STACK_DEPTH = 10;
  public static final int DEFAULT_DEPTH = 3;
  public static final int DEFAULT_WIDTH = 120;
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

  public TraceSpec {
    patterns = List.copyOf(patterns);
    sinks = List.copyOf(sinks);
  }

  public List<SinkTarget> effectiveSinks() {
    return sinks.isEmpty() ? List.of(new SinkTarget.Stdout()) : sinks;
  }

  public String patternText() {
    return patterns.stream().map(MethodPattern::text).collect(Collectors.joining(";"));
  }

  @Override
  public String text() {
    StringBuilder s = new StringBuilder("trace:").append(patternText());
    summaryInterval.ifPresent(i -> s.append(",mode:summary,interval:").append(Durations.format(i)));
    if (summaryInterval.isEmpty()) {
      s.append(",limit:").append(limit);
    }
    s.append(",time:").append(Durations.format(time));
    rate.ifPresent(r -> s.append(",rate:").append(r.text()));
    if (reportReturn) {
      s.append(",return");
    }
    s.append(",args:").append(args.name().toLowerCase(Locale.ROOT));
    if (stackDepth > 0) {
      s.append(",stack:").append(stackDepth);
    }
    s.append(",scope:").append(scope.name().toLowerCase(Locale.ROOT));
    s.append(",threads:").append(threads.text());
    s.append(AgentCommand.sinkSuffix(sinks));
    s.append(",depth:").append(depth).append(",width:").append(width);
    when.ifPresent(w -> s.append(",when:").append(w.text()));
    return s.toString();
  }

  @Override
  public TraceSpec withExtraSink(SinkTarget sink) {
    return new TraceSpec(patterns, limit, time, rate, reportReturn, args, stackDepth, scope, threads,
        AgentCommand.append(sinks, sink), depth, width, when, summaryInterval);
  }
}
