package dev.eddy.peer.swarm;

/** What a swarm asks of the channels in it (implemented by the channel; keeps swarm free of channel code). */
public interface SwarmMember {
  /** New chunks verified here: announce them (HAVE) if the remote may want them. */
  void announce(long firstChunk, long lastChunk);

  /** The chunk arrived from another peer: CANCEL it here if it was requested here. */
  void cancelIfRequested(long chunk);

  /** The chunks the remote announced (HAVE) so far; read only, never kept. */
  java.util.BitSet remoteHas();

  /** Something changed (content size learned, chunks released): request or send more if possible. */
  void wakeUp();
}
