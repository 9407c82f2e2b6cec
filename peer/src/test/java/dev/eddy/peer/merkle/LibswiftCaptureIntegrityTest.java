package dev.eddy.peer.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.peer.inspect.ChannelContexts;
import dev.eddy.peer.merkle.MerkleVerifier.Result;
import dev.eddy.peer.pcap.UdpPacket;
import dev.eddy.peer.pcap.VectorCapture;
import dev.eddy.peer.wire.Data;
import dev.eddy.peer.wire.DatagramDecoder;
import dev.eddy.peer.wire.DecodeResult;
import dev.eddy.peer.wire.DecodingContext;
import dev.eddy.peer.wire.Integrity;
import dev.eddy.peer.wire.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Merkle tree against real libswift traffic: every INTEGRITY hash in libswift-100k.pcap is the hash our
 * tree has for that bin, and every DATA payload verifies, in capture order, from only the hashes libswift
 * chose to send with it (it omits those the leecher already holds, so this exercises what the verifier
 * remembers).
 */
class LibswiftCaptureIntegrityTest {
  private static final int CHUNK_SIZE = 1024;

  @Test
  void everyIntegrityHashAndDataPayloadVerifiesAgainstTheContentTree() throws IOException {
    MerkleTree tree = MerkleTree.build(Vectors.file("libswift-100k.content.bin"), CHUNK_SIZE, HashFunction.SHA1);
    byte[] content = VectorCapture.libswiftContent();
    MerkleVerifier leecher = new MerkleVerifier(tree.rootHash(), HashFunction.SHA1, CHUNK_SIZE);
    ChannelContexts contexts = new ChannelContexts(DecodingContext.DEFAULT);
    int integrityCount = 0;
    int dataCount = 0;

    for (UdpPacket packet : VectorCapture.libswiftDatagrams()) {
      ByteBuf payload = Unpooled.wrappedBuffer(packet.payload());
      DecodingContext context = contexts.contextFor(packet.source(), packet.destination(), payload.getUnsignedInt(0));
      DecodeResult.Decoded decoded = (DecodeResult.Decoded) DatagramDecoder.decode(payload, context);
      contexts.onDecoded(packet.source(), packet.destination(), decoded.datagram(), decoded.context());

      List<BinHash> integrity = new ArrayList<>();
      for (Message message : decoded.datagram().messages()) {
        if (message instanceof Integrity i) {
          long bin = Bin.ofChunkRange(i.spec().firstChunk(CHUNK_SIZE), i.spec().lastChunk(CHUNK_SIZE));
          assertThat(bin).as("frame %d: %s is one bin", packet.frame(), i.spec()).isNotEqualTo(Bin.NONE);
          Hash hash = Hash.of(i.hash().toByteArray());
          assertThat(hash).as("frame %d: hash of %s", packet.frame(), Bin.toString(bin)).isEqualTo(tree.hash(bin));
          integrity.add(new BinHash(bin, hash));
          integrityCount++;
        } else if (message instanceof Data data) {
          long chunk = data.spec().firstChunk(CHUNK_SIZE);
          assertThat(data.spec().lastChunk(CHUNK_SIZE)).isEqualTo(chunk);
          ByteBuffer bytes = data.payload().nioBuffer();
          assertThat(bytes).isEqualTo(ByteBuffer.wrap(content, (int) chunk * CHUNK_SIZE,
              Math.min(CHUNK_SIZE, content.length - (int) chunk * CHUNK_SIZE)));
          assertThat(leecher.verify(chunk, bytes, integrity))
              .as("frame %d: chunk %d with %s", packet.frame(), chunk, integrity)
              .isEqualTo(Result.VERIFIED);
          dataCount++;
        }
      }
    }

    assertThat(integrityCount).isEqualTo(201);
    assertThat(dataCount).isEqualTo(100);
    assertThat(leecher.peaks()).isEqualTo(tree.peaks());
  }
}
