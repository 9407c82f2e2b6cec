package dev.eddy.peer.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.peer.channel.ChannelConfig;
import dev.eddy.peer.merkle.HashFunction;
import dev.eddy.peer.merkle.MerkleTree;
import dev.eddy.peer.node.PeerNode;
import dev.eddy.peer.observe.PeerObservers;
import dev.eddy.peer.storage.ContentFile;
import dev.eddy.peer.swarm.PickOrder;
import dev.eddy.peer.swarm.Swarm;
import dev.eddy.peer.swarm.SwarmListener;
import dev.eddy.peer.time.Clock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway in front of real downloads (a seeder and a downloader on loopback UDP), asked over real TCP
 * connections as a player or curl would: exact ranges, bytes that are not there yet fetched first, the
 * refusals, clients that go away or stop reading, and a stream without an end.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpGatewayIT {
  private static final int CHUNK = 1024;
  private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  /** A download of {@code content} through the gateway; the seeder sends at most {@code seederRate} bytes/s. */
  private final class Download {
    final byte[] content;
    final Swarm swarm;
    final SwarmContent served;
    final PeerNode seeder;
    final PeerNode leecher;
    final HttpGateway gateway;
    final CompletableFuture<Void> complete = new CompletableFuture<>();
    final String url;

    Download(int size, long seederRate) throws Exception {
      this(size, seederRate, true);
    }

    Download(int size, long seederRate, boolean connect) throws Exception {
      content = new byte[size];
      new Random(size).nextBytes(content);
      Path file = dir.resolve("content-" + size);
      Files.write(file, content);
      MerkleTree tree = MerkleTree.build(file, CHUNK, HashFunction.SHA1);
      seeder = PeerNode.start(ANY, ChannelConfig.DEFAULT, PeerObservers.NONE, Clock.system(), CHUNK,
          List.of(Swarm.seeding(tree, ContentFile.open(file, CHUNK))));
      open.add(seeder);
      seeder.limitUpload(seederRate);
      swarm = Swarm.downloading(tree.rootHash(), HashFunction.SHA1, CHUNK, dir.resolve("copy-" + size), PickOrder.SEQUENTIAL,
          new SwarmListener() {
            @Override
            public void onComplete(Swarm s) {
              complete.complete(null);
            }
          });
      served = new SwarmContent(swarm);
      leecher = PeerNode.start(ANY, ChannelConfig.DEFAULT, served, Clock.system(), CHUNK, List.of(swarm));
      open.add(leecher);
      served.attach(leecher::onLoop);
      gateway = HttpGateway.start(ANY, Map.of(swarm.idHex(), served));
      open.add(gateway);
      open.add(() -> served.end("test over"));
      url = "http://127.0.0.1:" + gateway.localAddress().getPort() + "/" + swarm.idHex();
      if (connect) {
        leecher.connect(swarm, seeder.localAddress());
      }
    }

    long chunksHeld() {
      return leecher.swarms().get(0).chunksHeld();
    }
  }

  private HttpResponse<byte[]> get(String url, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] slice(byte[] content, int first, int lastInclusive) {
    return Arrays.copyOfRange(content, first, lastInclusive + 1);
  }

  @Test
  void rangesAreExactAndBytesNotThereYetAreFetchedFirst() throws Exception {
    int size = 1 << 20;
    Download d = new Download(size, 64 << 10); // 16 s for the whole content: the ranges below come long before

    HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(d.url)).method("HEAD", HttpRequest.BodyPublishers.noBody())
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("content-length")).hasValue(String.valueOf(size));
    assertThat(head.headers().firstValue("accept-ranges")).hasValue("bytes");

    HttpResponse<byte[]> middle = get(d.url, "Range", "bytes=900000-909999");
    long heldThen = d.chunksHeld();
    assertThat(middle.statusCode()).isEqualTo(206);
    assertThat(middle.headers().firstValue("content-range")).hasValue("bytes 900000-909999/" + size);
    assertThat(middle.body()).isEqualTo(slice(d.content, 900000, 909999));
    assertThat(heldThen).as("chunks held when bytes 900000.. were served: fetched first, not in order from the start")
        .isLessThan(600);

    HttpResponse<byte[]> suffix = get(d.url, "Range", "bytes=-100");
    assertThat(suffix.statusCode()).isEqualTo(206);
    assertThat(suffix.body()).isEqualTo(slice(d.content, size - 100, size - 1));
    HttpResponse<byte[]> startOnly = get(d.url, "Range", "bytes=1000-1999");
    assertThat(startOnly.body()).isEqualTo(slice(d.content, 1000, 1999));

    HttpResponse<byte[]> beyond = get(d.url, "Range", "bytes=" + size + "-");
    assertThat(beyond.statusCode()).isEqualTo(416);
    assertThat(beyond.headers().firstValue("content-range")).hasValue("bytes */" + size);
    assertThat(get(d.url, "Range", "bytes=5-2").statusCode()).isEqualTo(400);
    assertThat(get(d.url, "Range", "bytes=abc").statusCode()).isEqualTo(400);
    String base = "http://127.0.0.1:" + d.gateway.localAddress().getPort();
    assertThat(get(base + "/").statusCode()).isEqualTo(404);
    assertThat(get(base + "/" + "ab".repeat(20)).statusCode()).isEqualTo(404);
    assertThat(get(base + "/not-a-swarm-id").statusCode()).isEqualTo(404);
    HttpResponse<byte[]> post = http.send(HttpRequest.newBuilder(URI.create(d.url)).POST(HttpRequest.BodyPublishers.ofString("x"))
        .build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
    assertThat(raw(d.gateway, "NOT A REQUEST LINE AT ALL\r\n\r\n")).startsWith("HTTP/1.1 400");
    assertThat(raw(d.gateway, "GET /" + d.swarm.idHex() + " HTTP/1.1\r\nX: " + "y".repeat(20_000) + "\r\n\r\n")).startsWith("HTTP/1.1 400");

    d.seeder.limitUpload(1L << 30); // the rest at full speed: the whole content, read across the completion
    HttpResponse<byte[]> whole = get(d.url);
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(d.content);
    d.complete.get(10, TimeUnit.SECONDS);
    assertThat(get(d.url, "Range", "bytes=12345-").body()).isEqualTo(slice(d.content, 12345, size - 1));
  }

  @Test
  void aClientThatGoesAwayWhileWaitingFreesItsWaiterAndAStoppedDownloadAnswers503() throws Exception {
    Download d = new Download(64 << 10, 1L << 30, false); // no peer will ever send anything: requests wait for the length
    try (Socket client = new Socket("127.0.0.1", d.gateway.localAddress().getPort())) {
      client.getOutputStream().write(("GET /" + d.swarm.idHex() + " HTTP/1.1\r\nHost: x\r\nRange: bytes=100-\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      awaitTrue(() -> d.served.waiting() == 1, "the request waits");
    }
    awaitTrue(() -> d.served.waiting() == 0, "the closed client's waiter is gone");

    CompletableFuture<HttpResponse<byte[]>> waiting = http.sendAsync(HttpRequest.newBuilder(URI.create(d.url)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    awaitTrue(() -> d.served.waiting() == 1, "the second request waits");
    d.served.end("the download stopped: no peer");
    HttpResponse<byte[]> refused = waiting.get(10, TimeUnit.SECONDS);
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("the download stopped: no peer");
  }

  @Test
  void aClientThatStopsReadingHoldsUpNeitherTheDownloadNorOtherClients() throws Exception {
    int size = 4 << 20;
    Download d = new Download(size, 1L << 30);
    try (Socket stalled = new Socket()) {
      stalled.setReceiveBufferSize(4096);
      stalled.connect(d.gateway.localAddress());
      stalled.getOutputStream().write(("GET /" + d.swarm.idHex() + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      d.complete.get(30, TimeUnit.SECONDS); // the download goes on while this client reads nothing
      HttpResponse<byte[]> other = get(d.url, "Range", "bytes=3000000-3099999");
      assertThat(other.body()).isEqualTo(slice(d.content, 3000000, 3099999));

      InputStream in = stalled.getInputStream(); // now it reads: everything comes, exact
      String head = readHead(in);
      assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("content-length: " + size);
      assertThat(in.readNBytes(size)).isEqualTo(d.content);
    }
  }

  /**
   * A live stream: each client gets one endless 200 (its Range ignored) from a little behind the newest byte;
   * a client that reads nothing never holds the writer back, and once the ring passed it its response is cut and
   * counted, while a client that keeps up gets every byte and, when the stream ends, the end of the response.
   */
  @Test
  void aLiveStreamServesEachClientFromNearTheEdgeAndCutsOneThatFellOutOfTheRing() throws Exception {
    LiveContent live = new LiveContent(64 << 10, 1000);
    Random random = new Random(3);
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    byte[] first = new byte[5000];
    random.nextBytes(first);
    live.write(first);
    written.write(first);
    HttpGateway gateway = HttpGateway.start(ANY, Map.of("abcd", live));
    open.add(gateway);
    try (Socket client = new Socket("127.0.0.1", gateway.localAddress().getPort());
        Socket stalled = new Socket()) {
      client.setSoTimeout(10_000);
      client.getOutputStream().write("GET /abcd HTTP/1.1\r\nHost: x\r\nRange: bytes=0-\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = client.getInputStream();
      String head = readHead(in);
      assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked")
          .containsIgnoringCase("accept-ranges: none").doesNotContainIgnoringCase("content-length");
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      readChunks(in, body, 1000); // tuned in 1000 bytes behind the newest

      stalled.setReceiveBufferSize(4096);
      stalled.connect(gateway.localAddress());
      stalled.getOutputStream().write("GET /abcd HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      awaitTrue(() -> live.waiting() == 2, "both clients wait at the edge");
      // Far more than the ring, the socket buffers and the gateway's per-client limit hold: the stalled client
      // falls out of the ring, the other reads each piece as it comes, and the writer never waits for either.
      byte[] piece = new byte[16 << 10];
      for (int i = 0; i < 1024; i++) {
        random.nextBytes(piece);
        live.write(piece);
        written.write(piece);
        readChunks(in, body, piece.length);
      }
      // What it reads ends where the ring passed it: the response is cut, not continued from somewhere else.
      stalled.setSoTimeout(10_000);
      byte[] got = stalled.getInputStream().readAllBytes();
      assertThat(got.length).as("less than a small part of the stream").isLessThan(8 << 20);
      assertThat(new String(got, StandardCharsets.ISO_8859_1)).doesNotEndWith("\r\n0\r\n\r\n");
      awaitTrue(() -> gateway.readersCut() == 1, "the stalled client counted as cut");

      byte[] last = new byte[3000];
      random.nextBytes(last);
      live.write(last);
      written.write(last);
      live.close(); // the stream ended: the response ends after its last byte
      readChunks(in, body, Integer.MAX_VALUE);
      byte[] all = written.toByteArray();
      assertThat(body.toByteArray()).isEqualTo(Arrays.copyOfRange(all, 4000, all.length));
      assertThat(gateway.readersCut()).isEqualTo(1);
      assertThat(raw(gateway, "GET /abcd HTTP/1.1\r\nHost: x\r\n\r\n")).as("after the end, its start is gone").startsWith("HTTP/1.1 410");
    }
  }

  /** Sends {@code request} as is and returns the status line and headers. */
  private static String raw(HttpGateway gateway, String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", gateway.localAddress().getPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      return readHead(s.getInputStream());
    }
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }

  /** Reads chunked-encoding chunks into {@code body} until {@code atLeast} bytes came or the last chunk. */
  private static void readChunks(InputStream in, ByteArrayOutputStream body, int atLeast) throws IOException {
    int target = atLeast == Integer.MAX_VALUE ? Integer.MAX_VALUE : body.size() + atLeast;
    while (body.size() < target) {
      String sizeLine = line(in);
      int chunk = Integer.parseInt(sizeLine.strip(), 16);
      if (chunk == 0) {
        line(in);
        return;
      }
      body.write(in.readNBytes(chunk));
      line(in);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder s = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      s.append((char) b);
    }
    return s.toString();
  }

  private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out: " + what);
      }
      Thread.sleep(10);
    }
  }
}
