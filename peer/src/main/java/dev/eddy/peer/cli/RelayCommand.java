package dev.eddy.peer.cli;

import dev.eddy.peer.lab.Impairment;
import dev.eddy.peer.lab.ImpairmentRelay;
import dev.eddy.peer.lab.LossModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code eddy relay}: the reliability lab's impairment relay between two UDP peers (Eddy's or any other). */
@Command(
    name = "relay",
    mixinStandardHelpOptions = true,
    description = {
      "Relay UDP datagrams from --listen to --to and back, losing, delaying, reordering, duplicating and",
      "rate-limiting them as told (seeded, so runs repeat). Give peers the --listen address instead of the",
      "target's. Prints what it did to each direction when stopped (Ctrl-C) or after --duration."
    },
    footer = {"", "Example (5%% loss each way in front of a seeder on 127.0.0.1:7777):",
      "  eddy relay --listen 127.0.0.1:7700 --to 127.0.0.1:7777 --loss 5%% --seed 1"})
public final class RelayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--listen", paramLabel = "HOST:PORT", required = true, converter = HostPort.class,
      description = "Address the relay receives on (what peers are told to use).")
  InetSocketAddress listen;

  @Option(names = "--to", paramLabel = "HOST:PORT", required = true, converter = HostPort.class,
      description = "The peer datagrams are relayed to.")
  InetSocketAddress to;

  @Option(names = "--loss", paramLabel = "PERCENT", defaultValue = "0%", converter = Percent.class,
      description = "Share of datagrams lost in each direction (default ${DEFAULT-VALUE}).")
  double loss;

  @Option(names = "--burst", paramLabel = "N", defaultValue = "1",
      description = "Mean length of a loss burst in datagrams (Gilbert-Elliott); 1 (default) is independent loss.")
  double burst;

  @Option(names = "--delay", paramLabel = "DURATION", defaultValue = "0ms", converter = DurationConverter.class,
      description = "One-way delay added in each direction (default ${DEFAULT-VALUE}).")
  Duration delay;

  @Option(names = "--jitter", paramLabel = "DURATION", defaultValue = "0ms", converter = DurationConverter.class,
      description = "Each datagram's delay varies within delay +/- jitter; datagrams then reorder (default ${DEFAULT-VALUE}).")
  Duration jitter;

  @Option(names = "--reorder", paramLabel = "PERCENT", defaultValue = "0%", converter = Percent.class,
      description = "Share of datagrams overtaken by the next 3 of their direction, or held 1 ms when fewer follow (default ${DEFAULT-VALUE}).")
  double reorder;

  @Option(names = "--duplicate", paramLabel = "PERCENT", defaultValue = "0%", converter = Percent.class,
      description = "Share of datagrams delivered twice (default ${DEFAULT-VALUE}).")
  double duplicate;

  @Option(names = "--rate", paramLabel = "RATE", converter = Rate.class,
      description = "Bottleneck rate in each direction, e.g. 20mbit, 500kbit (default: none).")
  long rate;

  @Option(names = "--queue", paramLabel = "BYTES", defaultValue = "65536",
      description = "The bottleneck's queue in bytes; datagrams that find it full are dropped (default ${DEFAULT-VALUE}).")
  int queue;

  @Option(names = "--blackout", paramLabel = "START+LENGTH", converter = BlackoutConverter.class,
      description = "Drop everything from START to START+LENGTH after the relay starts, e.g. 5s+10s (repeatable).")
  List<Impairment.Blackout> blackouts = new ArrayList<>();

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
      description = "Seed of every random choice (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Stop after this long (default: until Ctrl-C).")
  Duration duration;

  @Override
  public Integer call() throws Exception {
    Impairment impairment;
    try {
      LossModel lossModel = loss == 0 ? LossModel.NONE
          : burst <= 1 ? new LossModel.Independent(loss) : LossModel.GilbertElliott.of(loss, burst);
      impairment = Impairment.NONE.withLoss(lossModel).withDelay(delay, jitter).withReorder(reorder)
          .withDuplicate(duplicate).withRate(rate, rate > 0 ? queue : 0).withBlackouts(blackouts).withSeed(seed);
    } catch (IllegalArgumentException e) {
      throw new UserError(ExitCodes.USAGE, e.getMessage());
    }
    if (duration != null && (duration.isZero() || duration.isNegative())) {
      throw new UserError(ExitCodes.USAGE, "--duration must be longer than 0");
    }
    ImpairmentRelay relay;
    try {
      relay = ImpairmentRelay.start(impairment, listen, to);
    } catch (IOException e) {
      throw new UserError(ExitCodes.CANNOT_LISTEN, "cannot listen on " + HostPort.format(listen) + ": " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread report = new Thread(() -> {
      relay.close();
      out.println(relay.summary());
      out.flush();
      stopped.countDown();
    }, "eddy-relay-shutdown");
    Runtime.getRuntime().addShutdownHook(report);
    out.printf("Relaying udp %s -> %s (%s); stop with Ctrl-C%n", HostPort.format(relay.address()), HostPort.format(to), describe(impairment));
    out.flush();
    if (duration != null && !stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS)) {
      Runtime.getRuntime().removeShutdownHook(report);
      report.run();
      return ExitCodes.OK;
    }
    stopped.await();
    return ExitCodes.OK;
  }

  private static String describe(Impairment i) {
    List<String> parts = new ArrayList<>();
    if (i.loss().meanLoss() > 0) {
      parts.add(String.format(Locale.ROOT, "loss %.2f%%%s", i.loss().meanLoss() * 100,
          i.loss() instanceof LossModel.GilbertElliott ge ? String.format(Locale.ROOT, " in bursts of %.1f", 1 / ge.badToGood()) : ""));
    }
    if (!i.delay().isZero()) {
      parts.add("delay " + i.delay().toMillis() + "ms" + (i.jitter().isZero() ? "" : " +/- " + i.jitter().toMillis() + "ms"));
    }
    if (i.reorder() > 0) {
      parts.add(String.format(Locale.ROOT, "reorder %.2f%%", i.reorder() * 100));
    }
    if (i.duplicate() > 0) {
      parts.add(String.format(Locale.ROOT, "duplicate %.2f%%", i.duplicate() * 100));
    }
    if (i.rateBitsPerSecond() > 0) {
      parts.add("rate " + i.rateBitsPerSecond() / 1000 + " kbit/s, queue " + i.queueBytes() + " bytes");
    }
    i.blackouts().forEach(b -> parts.add("blackout at " + b.start().toMillis() + "ms for " + b.length().toMillis() + "ms"));
    parts.add("seed " + i.seed());
    return String.join(", ", parts);
  }

  /** {@code 5%}, {@code 0.5%} or a plain fraction such as {@code 0.05}. */
  static final class Percent implements CommandLine.ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      try {
        double v = value.endsWith("%") ? Double.parseDouble(value.substring(0, value.length() - 1)) / 100 : Double.parseDouble(value);
        if (v >= 0 && v <= 1) {
          return v;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new CommandLine.TypeConversionException("'" + value + "' is not a share between 0% and 100% (e.g. 5%)");
    }
  }

  /** {@code 20mbit}, {@code 500kbit}, {@code 1gbit} or plain bits per second. */
  static final class Rate implements CommandLine.ITypeConverter<Long> {
    private static final Pattern RATE = Pattern.compile("(\\d+)(gbit|mbit|kbit|bit)?", Pattern.CASE_INSENSITIVE);

    @Override
    public Long convert(String value) {
      Matcher m = RATE.matcher(value.trim());
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        long unit = m.group(2) == null ? 1 : switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "gbit" -> 1_000_000_000L;
          case "mbit" -> 1_000_000L;
          case "kbit" -> 1_000L;
          default -> 1L;
        };
        if (n > 0) {
          return n * unit;
        }
      }
      throw new CommandLine.TypeConversionException("'" + value + "' is not a rate above 0 (e.g. 20mbit, 500kbit)");
    }
  }

  /** {@code START+LENGTH}, each a duration: {@code 5s+10s}. */
  static final class BlackoutConverter implements CommandLine.ITypeConverter<Impairment.Blackout> {
    @Override
    public Impairment.Blackout convert(String value) {
      int plus = value.indexOf('+');
      if (plus > 0) {
        DurationConverter d = new DurationConverter();
        Duration start = d.convert(value.substring(0, plus));
        Duration length = d.convert(value.substring(plus + 1));
        if (!length.isZero()) {
          return new Impairment.Blackout(start, length);
        }
      }
      throw new CommandLine.TypeConversionException("'" + value + "' is not START+LENGTH (e.g. 5s+10s)");
    }
  }
}
