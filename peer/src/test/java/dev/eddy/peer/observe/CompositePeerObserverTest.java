package dev.eddy.peer.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompositePeerObserverTest {
  private static final ChannelRef CH = new ChannelRef(1, 2, new InetSocketAddress("127.0.0.1", 7777), "ab");

  static final class Recording implements PeerObserver {
    final boolean wantsMessages;
    final List<String> seen = new ArrayList<>();

    Recording(boolean wantsMessages) {
      this.wantsMessages = wantsMessages;
    }

    @Override
    public boolean observesMessages() {
      return wantsMessages;
    }

    @Override
    public void onMessageReceived(ChannelRef channel, String type, long chunkStart, long chunkEnd, int datagramBytes) {
      seen.add("recv " + type);
    }

    @Override
    public void onDatagramDropped(DropReason reason, String detail, InetSocketAddress peer, int bytes) {
      seen.add("drop " + reason.label());
    }
  }

  @Test
  void perMessageCallsReachOnlyObserversThatWantThem() {
    Recording quiet = new Recording(false);
    Recording loud = new Recording(true);
    PeerObserver composite = PeerObservers.of(List.of(quiet, loud));

    assertThat(composite.observesMessages()).isTrue();
    composite.onMessageReceived(CH, "DATA", 0, 0, 1100);
    composite.onDatagramDropped(DropReason.UNKNOWN_CHANNEL, "no channel 7", CH.remote(), 4);

    assertThat(loud.seen).containsExactly("recv DATA", "drop unknown channel");
    assertThat(quiet.seen).containsExactly("drop unknown channel");
  }

  @Test
  void nothingListeningMeansNoPerMessageWork() {
    assertThat(PeerObservers.of(List.of()).observesMessages()).isFalse();
    assertThat(PeerObservers.of(List.of(new Recording(false), new Recording(false))).observesMessages()).isFalse();
  }
}
