package dev.eddy.peer.discovery;

import dev.eddy.peer.channel.Channel;
import dev.eddy.peer.swarm.Swarm;
import java.net.InetSocketAddress;
import java.util.List;

/** What peer exchange needs from the peer around it (the node implements it). */
public interface PeerDirectory {
  /** Every channel of {@code swarm}, in any state. */
  List<Channel> channelsOf(Swarm swarm);

  /** Opens a channel to {@code remote} for {@code swarm}. */
  void connect(Swarm swarm, InetSocketAddress remote);

  /** Our socket's address. */
  InetSocketAddress localAddress();
}
