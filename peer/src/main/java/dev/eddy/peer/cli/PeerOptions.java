package dev.eddy.peer.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.eddy.peer.lab.ReceiveStall;
import dev.eddy.peer.merkle.HashFunction;
import dev.eddy.peer.observe.PeerObserver;
import dev.eddy.peer.observe.PeerObservers;
import dev.eddy.peer.wire.ChunkAddressing;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options shared by the commands that run a peer ({@code seed}, {@code get}). */
final class PeerOptions {
  @Option(names = "--chunk-size", paramLabel = "N", defaultValue = "1024",
      description = "Chunk size in bytes, agreed out of band with the other peers (libswift: 1024 or 8192; default ${DEFAULT-VALUE}).")
  int chunkSize;

  @Option(names = "--hash-function", paramLabel = "NAME", defaultValue = "sha1", converter = HashCommand.HashFunctionConverter.class,
      description = "Merkle hash function: sha1 (default, the only one libswift takes), sha224, sha256, sha384, sha512.")
  HashFunction hashFunction;

  @Option(names = "--chunk-addressing", paramLabel = "NAME", defaultValue = "chunks32", converter = AddressingConverter.class,
      description = "How this peer writes chunk numbers in its messages, announced in its handshake: chunks32 (default, "
          + "32-bit chunk ranges), bins32 (the two libswift takes), bins64, chunks64, bytes64. Each peer reads the "
          + "other's messages as the other announced.")
  ChunkAddressing chunkAddressing;

  @Option(names = "--target-delay", paramLabel = "DURATION", defaultValue = "25ms", converter = DurationConverter.class,
      description = "LEDBAT target queuing delay when sending (RFC 6817 allows up to 100ms; default ${DEFAULT-VALUE}, as libswift).")
  java.time.Duration targetDelay;

  @Option(names = "--atomic-datagrams", description = "Send each chunk with all the hashes that prove it in the same "
      + "datagram (RFC 7574 §5.3), for peers that use no hash from another datagram. Slower: by default each hash "
      + "is sent once, ahead of a batch of chunks.")
  boolean atomicDatagrams;

  @Option(names = "--max-upload-rate", paramLabel = "RATE", converter = ByteRateConverter.class,
      description = "Send at most this many bytes per second over all channels (e.g. 500k, 2m; default: no limit).")
  Long maxUploadRate;

  @Option(names = "--upload-slots", paramLabel = "N", defaultValue = "4",
      description = "Peers served at once per swarm, chosen every 10 s by what they give us (seeding: how fast they "
          + "take), plus one optimistic slot rotated every 30 s; the others are choked (default ${DEFAULT-VALUE}).")
  int uploadSlots;

  @Option(names = "--debug", description = "Log every message sent and received, and show stack traces on errors.")
  boolean debug;

  @Mixin MetricsOptions metrics;

  /** The lab's receive-loop stall, when {@code -Deddy.fault.stallReceive} asks for it (checked by {@link #validate}). */
  private ReceiveStall stall;

  /**
   * The observer the peer runs with: the standard ones (flight recorder, {@code --debug} log), the {@code --metrics}
   * endpoint (started now), and the command's own.
   *
   * @param peersPerSwarm at most this many peers of a swarm get their own metric series
   */
  PeerObserver observer(int peersPerSwarm, PrintWriter err, PeerObserver... own) {
    List<PeerObserver> all = new ArrayList<>();
    all.add(PeerObservers.standard(debug));
    all.add(metrics.start(peersPerSwarm, err));
    all.addAll(List.of(own));
    if (stall != null) {
      all.add(stall);
      err.println("FAULT INJECTION: " + stall);
      err.flush();
    }
    all.removeIf(o -> o == PeerObservers.NONE);
    return PeerObservers.of(all);
  }

  /** Channel settings with this command's options applied. */
  dev.eddy.peer.channel.ChannelConfig channelConfig() {
    return dev.eddy.peer.channel.ChannelConfig.DEFAULT.withTargetDelayMicros(targetDelay.toNanos() / 1000)
        .withAtomicDatagrams(atomicDatagrams).withChunkAddressing(chunkAddressing);
  }

  /** Applies the options that belong to the running peer rather than to each channel. */
  void applyTo(dev.eddy.peer.node.PeerNode node) {
    if (maxUploadRate != null) {
      node.limitUpload(maxUploadRate);
    }
    node.setChokePolicy(dev.eddy.peer.choking.ChokePolicy.DEFAULT.withRegularSlots(uploadSlots));
  }

  void validate(picocli.CommandLine command) {
    Inputs.chunkSize(command, chunkSize);
    Inputs.duration(command, "--target-delay", targetDelay, java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(100),
        " (RFC 6817)");
    if (uploadSlots < 1) {
      throw new picocli.CommandLine.ParameterException(command, "--upload-slots must be at least 1, got " + uploadSlots);
    }
    metrics.validate(command);
    String stallProperty = System.getProperty(ReceiveStall.PROPERTY);
    if (stallProperty != null) {
      try {
        stall = new ReceiveStall(new DurationConverter().convert(stallProperty));
      } catch (RuntimeException e) {
        throw new CommandLine.ParameterException(command, "-D" + ReceiveStall.PROPERTY + "="
            + stallProperty + ": " + e.getMessage());
      }
    }
    if (debug) {
      EddyCommand.awaitLogging();
      ((Logger) LoggerFactory.getLogger("dev.eddy")).setLevel(Level.DEBUG);
    }
  }

  /** {@code --chunk-addressing} names for RFC 7574's five methods (§4). */
  static final class AddressingConverter implements CommandLine.ITypeConverter<ChunkAddressing> {
    private static final Map<String, ChunkAddressing> NAMES = Map.of(
        "bins32", ChunkAddressing.BINS_32, "bytes64", ChunkAddressing.BYTE_RANGES_64,
        "chunks32", ChunkAddressing.CHUNK_RANGES_32, "bins64", ChunkAddressing.BINS_64,
        "chunks64", ChunkAddressing.CHUNK_RANGES_64);

    @Override
    public ChunkAddressing convert(String value) {
      ChunkAddressing addressing = NAMES.get(value);
      if (addressing == null) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not one of chunks32, bins32, bins64, chunks64, bytes64");
      }
      return addressing;
    }
  }
}
