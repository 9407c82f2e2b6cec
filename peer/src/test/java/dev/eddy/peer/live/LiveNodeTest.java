package dev.eddy.peer.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.peer.wire.ContentIntegrity;
import dev.eddy.peer.wire.LiveSignatureAlgorithm;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LiveNodeTest {
  private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

  @Test
  void sourceToTwoLeechersOneRelaying() throws Exception {
    KeyPair pair = KeyFiles.generate(LiveSignatureAlgorithm.ECDSAP256SHA256, 0);
    Signer signer = KeyFiles.signer(SwarmKey.of(LiveSignatureAlgorithm.ECDSAP256SHA256, pair.getPublic()), pair.getPrivate());
    LiveIntegrity integrity = new LiveIntegrity(ContentIntegrity.UNIFIED_MERKLE_TREE, 32, false);
    LiveStream source = LiveStream.source(signer, integrity, 1024, 4096);
    ByteArrayOutputStream out1 = new ByteArrayOutputStream();
    ByteArrayOutputStream out2 = new ByteArrayOutputStream();
    LiveOutput o1 = new LiveOutput(out1);
    LiveOutput o2 = new LiveOutput(out2);
    LiveStream l1stream = LiveStream.leecher(signer.key(), integrity, 1024, 4096, o1);
    try (LiveNode s = LiveNode.start(ANY, source);
        LiveNode l1 = LiveNode.start(ANY, l1stream);
        LiveNode l2 = LiveNode.start(ANY, LiveStream.leecher(signer.key(), integrity, 1024, 4096, o2))) {
      l1.connect(s.localAddress());
      l2.connect(l1.localAddress());
      long deadline = System.nanoTime() + 5_000_000_000L;
      while ((l1.openPeers() < 2 || l2.openPeers() < 1) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      System.err.println("open " + s.openPeers() + " " + l1.openPeers() + " " + l2.openPeers());
      byte[] content = new byte[300_000];
      new Random(1).nextBytes(content);
      List<byte[]> chunks = new ArrayList<>();
      for (int i = 0; i < content.length; i += 1024) {
        chunks.add(java.util.Arrays.copyOfRange(content, i, Math.min(content.length, i + 1024)));
      }
      for (int i = 0; i < chunks.size(); i++) {
        s.publish(List.of(chunks.get(i)), i == chunks.size() - 1);
      }
      Thread.sleep(3000);
      l1.finish();
      l2.finish();
      System.err.println("l1 " + o1.startChunk() + " " + o1.chunksWritten() + " skipped " + o1.chunksSkipped() + " dropped " + l1.droppedDatagrams());
      System.err.println("l2 " + o2.startChunk() + " " + o2.chunksWritten() + " skipped " + o2.chunksSkipped() + " dropped " + l2.droppedDatagrams());
      System.err.println("sigs l1 " + l1stream.signaturesVerified() + " integ " + l1stream.integrityFailures());
      assertThat(java.util.Arrays.equals(out1.toByteArray(), java.util.Arrays.copyOfRange(content, (int) o1.startChunk() * 1024, content.length))).isTrue();
      assertThat(java.util.Arrays.equals(out2.toByteArray(), java.util.Arrays.copyOfRange(content, (int) o2.startChunk() * 1024, content.length))).isTrue();
    }
  }
}
