package dev.eddy.peer.cli;

import dev.eddy.peer.live.KeyFiles;
import dev.eddy.peer.live.LiveInput;
import dev.eddy.peer.live.LiveIntegrity;
import dev.eddy.peer.live.LiveNode;
import dev.eddy.peer.live.LiveStream;
import dev.eddy.peer.live.Signer;
import dev.eddy.peer.live.SwarmKey;
import dev.eddy.peer.wire.LiveSignatureAlgorithm;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code eddy live SOURCE}: a live source that chunks, hashes and signs its input as it arrives. */
@Command(
    name = "live",
    mixinStandardHelpOptions = true,
    description = {
      "Serve SOURCE as a live stream (RFC 7574 live streaming) until stopped with Ctrl-C. SOURCE is a file that keeps",
      "growing (read from its start, then as it grows), a named pipe, or - for standard input. Chunks are signed as they",
      "fill; the swarm ID, printed first, is the public key that leechers (eddy get --live, libswift -k) verify with."
    },
    footer = {
      "", "Example:", "  ffmpeg -re -i in.mp4 -f mpegts - | eddy live - --key stream.key --listen 127.0.0.1:7777",
      "  eddy get --live SWARM_ID --peer 127.0.0.1:7777 --output stream.ts"
    })
public final class LiveCommand implements Callable<Integer> {
  /**
   * Fault-injection hook for tests: {@code -Deddy.fault.corruptSignature=K} makes the K-th signature this source
   * makes (from 0) wrong by one bit, so leechers must catch it and leave its chunks out.
   */
  static final String CORRUPT_SIGNATURE_PROPERTY = "eddy.fault.corruptSignature";

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SOURCE", description = "A growing file, a named pipe, or - for standard input.")
  String source;

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7777", converter = HostPort.class,
      description = "UDP address to serve on (default ${DEFAULT-VALUE}).")
  InetSocketAddress listen;

  @Option(names = "--key", paramLabel = "FILE",
      description = "The stream's key (PEM); made and saved (permissions 600) when absent, so a restart keeps the swarm ID. "
          + "Without it a new key, and so a new swarm ID, every run.")
  Path keyFile;

  @Option(names = "--algorithm", paramLabel = "NAME", defaultValue = "ecdsa-p256",
      description = "Signature algorithm: ecdsa-p256 (DNSSEC 13), ecdsa-p384 (14), rsasha1 (5, libswift's RSA) or "
          + "rsasha256 (8). Default ${DEFAULT-VALUE}.")
  String algorithm;

  @Option(names = "--rsa-bits", paramLabel = "N", defaultValue = "2048",
      description = "Modulus size of a new RSA key (default ${DEFAULT-VALUE}; libswift makes 1024).")
  int rsaBits;

  @Option(names = "--libswift-signatures",
      description = "Sign the munro hash alone, as libswift does, instead of the RFC's chunk range, timestamp and hash, "
          + "so libswift leechers accept the signatures (Eddy leechers accept both).")
  boolean libswiftSignatures;

  @Option(names = "--chunk-size", paramLabel = "N", defaultValue = "1024",
      description = "Bytes per chunk (default ${DEFAULT-VALUE}); leechers must use the same.")
  int chunkSize;

  @Mixin LiveOptions live;

  @Mixin RecordingOptions recording;

  @Override
  public Integer call() throws Exception {
    if (chunkSize < 1 || chunkSize > 60_000) {
      throw new ParameterException(spec.commandLine(), "--chunk-size must be 1 to 60000 bytes, got " + chunkSize);
    }
    LiveIntegrity integrity = live.integrity(spec.commandLine(), libswiftSignatures);
    LiveSignatureAlgorithm alg = algorithm(spec, algorithm);
    if (alg.isRsa() && (rsaBits < 512 || rsaBits > 16384)) {
      throw new ParameterException(spec.commandLine(), "--rsa-bits must be 512 to 16384, got " + rsaBits);
    }
    Path input = source.equals("-") ? null : Path.of(source);
    if (input != null && !Files.exists(input)) {
      throw new UserError(ExitCodes.USAGE, "no such file or pipe: " + source);
    }
    recording.startIfRequested();
    PrintWriter out = spec.commandLine().getOut();
    Signer signer = faulty(signer(alg));
    LiveStream stream = LiveStream.source(signer, integrity, chunkSize, live.window);
    LiveNode node = LiveNode.start(listen, stream);
    out.printf("Swarm ID: %s%n", signer.key().hex());
    InetSocketAddress bound = node.localAddress();
    out.printf("Live source %s, %s, %s, %d-byte chunks, window %d chunks; listening on udp %s; stop with Ctrl-C%n",
        input == null ? "stdin" : input, signer.key().algorithm(), integrity.signsAll() ? "sign all"
            : "unified Merkle tree (" + integrity.chunksPerSignature() + " chunks per signature)",
        chunkSize, live.window, HostPort.format(bound));
    out.flush();
    AtomicLong read = new AtomicLong();
    LiveInput reader = new LiveInput(input, System.in, chunkSize, (chunks, end) -> {
      chunks.forEach(c -> read.addAndGet(c.length));
      node.publish(chunks, end);
      if (end) {
        System.err.printf("eddy: live: input ended after %d bytes; still serving the window%n", read.get());
      }
    });
    Thread thread = new Thread(reader, "eddy-live-input");
    thread.setDaemon(true);
    thread.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stopped.countDown();
    }, "eddy-live-shutdown"));
    stopped.await();
    return ExitCodes.OK;
  }

  static LiveSignatureAlgorithm algorithm(CommandSpec spec, String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "ecdsa-p256", "13" -> LiveSignatureAlgorithm.ECDSAP256SHA256;
      case "ecdsa-p384", "14" -> LiveSignatureAlgorithm.ECDSAP384SHA384;
      case "rsasha1", "5" -> LiveSignatureAlgorithm.RSASHA1;
      case "rsasha256", "8" -> LiveSignatureAlgorithm.RSASHA256;
      default -> throw new ParameterException(spec.commandLine(),
          "--algorithm must be ecdsa-p256, ecdsa-p384, rsasha1 or rsasha256, not '" + name + "'");
    };
  }

  private Signer signer(LiveSignatureAlgorithm alg) {
    if (keyFile == null) {
      var pair = KeyFiles.generate(alg, rsaBits);
      return KeyFiles.signer(SwarmKey.of(alg, pair.getPublic()), pair.getPrivate());
    }
    try {
      KeyFiles.Loaded loaded = KeyFiles.loadOrCreate(keyFile, alg, rsaBits);
      System.err.printf("eddy: live: %s key %s%n", loaded.created() ? "made a new" : "using the", keyFile);
      return loaded.signer();
    } catch (IOException e) {
      throw new UserError(ExitCodes.STORAGE, "cannot use key file " + keyFile + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UserError(ExitCodes.USAGE, e.getMessage());
    }
  }

  /** The signer, or with {@link #CORRUPT_SIGNATURE_PROPERTY} set, one whose K-th signature is wrong. */
  private static Signer faulty(Signer signer) {
    long corrupt = Long.getLong(CORRUPT_SIGNATURE_PROPERTY, -1L);
    if (corrupt < 0) {
      return signer;
    }
    System.err.printf("eddy: live: FAULT INJECTION: signature %d is corrupted (%s)%n", corrupt, CORRUPT_SIGNATURE_PROPERTY);
    AtomicLong made = new AtomicLong();
    return new Signer() {
      @Override
      public SwarmKey key() {
        return signer.key();
      }

      @Override
      public byte[] sign(byte[] plaintext) {
        byte[] signature = signer.sign(plaintext);
        if (made.getAndIncrement() == corrupt) {
          signature[signature.length / 2] ^= 1;
        }
        return signature;
      }
    };
  }
}
