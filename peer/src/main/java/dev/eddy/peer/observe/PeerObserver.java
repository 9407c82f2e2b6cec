package dev.eddy.peer.observe;

import java.net.InetSocketAddress;

/**
 * What the data path reports, each from exactly one place per boundary (decode, encode, channel state
 * changes, verification). Every method has a no-op default so an implementation overrides only what it
 * records. Calls happen on the socket's event loop: implementations must be quick and must not block.
 *
 * <p>Per-message calls are guarded: the data path asks {@link #observesMessages()} once per datagram and
 * skips the per-message calls entirely when it is false, so nothing is computed for them when nothing
 * listens. Implementations are found by {@link java.util.ServiceLoader} (see {@link PeerObservers}).
 */
public interface PeerObserver {

  /** Whether {@link #onMessageReceived} and {@link #onMessageSent} should be called at all. */
  default boolean observesMessages() {
    return false;
  }

  /**
   * One message decoded from a received datagram.
   *
   * @param type message type name as in RFC 7574 §8 (e.g. "HANDSHAKE", "DATA", "ACK")
   * @param chunkStart first chunk the message names, or -1 when it names none
   * @param chunkEnd last chunk (inclusive), or -1
   * @param datagramBytes size of the whole datagram that carried it
   */
  default void onMessageReceived(ChannelRef channel, String type, long chunkStart, long chunkEnd, int datagramBytes) {}

  /** One message encoded into a datagram about to be sent; arguments as in {@link #onMessageReceived}. */
  default void onMessageSent(ChannelRef channel, String type, long chunkStart, long chunkEnd, int datagramBytes) {}

  /**
   * A received datagram that reached no channel.
   *
   * @param detail the decoder's reason for {@link DropReason#MALFORMED}, otherwise a short explanation
   */
  default void onDatagramDropped(DropReason reason, String detail, InetSocketAddress peer, int bytes) {}

  /** A channel completed its handshake. */
  default void onChannelOpened(ChannelRef channel, NegotiatedOptions options, long handshakeNanos, boolean initiatedLocally) {}

  /** A channel ended, having moved {@code totals} over its life. */
  default void onChannelClosed(ChannelRef channel, CloseReason reason, String detail, ChannelTotals totals) {}

  /** Received chunks passed Merkle verification (before they are written or announced). */
  default void onChunkVerified(ChannelRef channel, long chunkStart, long chunkEnd, int bytes) {}

  /**
   * The end of one read batch (the datagrams one socket wake-up delivered): an observer that gathers
   * observations across a batch reports them now.
   */
  default void onReadBatchComplete() {}

  /** Received data failed Merkle verification; the sending peer is disconnected. */
  default void onIntegrityFailure(ChannelRef channel, long chunkStart, long chunkEnd, String detail) {}

  /**
   * The remote of an open channel misbehaved and was ignored (see {@link Misbehaviour}); reported once per
   * message, so a flood shows as a flood.
   *
   * @param chunkStart first chunk the message named, or -1
   * @param chunkEnd last chunk (inclusive), or -1
   */
  default void onMisbehaviour(ChannelRef channel, Misbehaviour kind, long chunkStart, long chunkEnd) {}

  /** Chunks sent again because no ACK came within the retransmission timeout. */
  default void onRetransmission(ChannelRef channel, long chunkStart, long chunkEnd, int attempt, long rtoNanos) {}

  /**
   * A choke state change.
   *
   * @param choked true for CHOKE, false for UNCHOKE
   * @param byRemote true when the remote peer choked/unchoked us, false when we did it
   */
  default void onChokeChanged(ChannelRef channel, boolean choked, boolean byRemote) {}

  /** A peer-exchange step on an open channel (see {@link PexContact}); bounded by PEX's own limits. */
  default void onPexContact(ChannelRef channel, PexContact contact) {}

  /** Called once when the peer starts, so sampling observers can poll its statistics periodically. */
  default void onPeerStarted(PeerStatsSource stats) {}

  /**
   * Called once when the peer stops, before it closes its channels: a sampling observer takes a last sample
   * (a short run may end before the first period) and stops polling.
   */
  default void onPeerStopped() {}
}
