package dev.eddy.bench;

import dev.eddy.jfr.RecordingProfile;
import dev.eddy.peer.jfr.JfrPeerObserver;
import dev.eddy.peer.observe.ChannelRef;
import dev.eddy.peer.observe.PeerObserver;
import dev.eddy.peer.observe.PeerObservers;
import dev.eddy.peer.observe.PeerStatsSource;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the data path pays per sent message for the flight recorder: the guard the peer runs per datagram
 * ({@code observesMessages()}) and the {@code MessageSent} call when it says yes. {@code none}: no JFR
 * observer at all (the floor); {@code off}: our observer, no recording; {@code ppspp}: a recording with
 * ppspp.jfc (message events off); {@code messages}: a recording with ppspp-messages.jfc.
 *
 * <pre>java -jar bench/target/benchmarks.jar JfrObserver -f 1 -wi 3 -i 5 -w 1s -r 1s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JfrObserverBenchmark {
  @Param({"none", "off", "ppspp", "messages"})
  public String recording;

  private PeerObserver observer;
  private Recording active;
  private final ChannelRef channel =
      new ChannelRef(0x1234abcdL, 0x5678ef01L, new InetSocketAddress("127.0.0.1", 7777), "651258d87cf77ea7b3e5dd7833df8c70a306f1df");
  private long chunk;

  @Setup
  public void start() {
    observer = recording.equals("none") ? PeerObservers.NONE : new JfrPeerObserver();
    RecordingProfile profile = switch (recording) {
      case "ppspp" -> RecordingProfile.DEFAULT;
      case "messages" -> RecordingProfile.MESSAGES;
      default -> null;
    };
    if (profile != null) {
      active = new Recording(profile.configuration());
      active.setMaxSize(64L << 20); // on disk, bounded: the benchmark commits millions of events
      active.start();
    }
    // As a peer does: the observer records nothing until it has seen the flight recorder come up.
    observer.onPeerStarted(PeerStatsSource.EMPTY);
  }

  @TearDown
  public void stop() {
    observer.onPeerStopped();
    if (active != null) {
      active.close();
    }
  }

  @Benchmark
  public void sendOneDataMessage() {
    long c = chunk++;
    if (observer.observesMessages()) {
      observer.onMessageSent(channel, "DATA", c, c, 1090);
    }
  }
}
