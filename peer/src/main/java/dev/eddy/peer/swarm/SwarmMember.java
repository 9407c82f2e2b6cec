package dev.eddy.peer.swarm;

/** What a swarm asks of the channels in it (implemented by the channel; keeps swarm free of channel code). */
public interface SwarmMember {
  /** New chunks verified here: announce them (HAVE) if the remote may want them. */
  void announce(long firstChunk, long lastChunk);

  /** The chunk arrived from another peer: CANCEL it here if it was requested here. */
  void cancelIfRequested(long chunk);

  /**
   * Chunks {@code [first, last]} may come from elsewhere: those requested here and not yet received are
   * cancelled and handed back to the picker.
   */
  void giveBackRequested(long first, long last);

  /** Whether the remote announced every chunk (it seeds). */
  boolean remoteHasEverything();

  /**
   * Whether the remote downloads, or did while we watched: its announcements grew (a seeder announces all it
   * holds at once). A downloader that completed still counts: not a seeder whose upload the swarm lacks most.
   */
  boolean downloads();

  /**
   * Whether the remote serves our requests: the channel is open, the remote does not choke us, and none of our
   * requests to it timed out since its last delivery.
   */
  boolean servesUs();

  /** The chunks the remote announced (HAVE) so far; read only, never kept. */
  java.util.BitSet remoteHas();

  /** Something changed (content size learned, chunks released): request or send more if possible. */
  void wakeUp();
}
