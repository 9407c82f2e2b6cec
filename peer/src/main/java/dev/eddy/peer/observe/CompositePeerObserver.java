package dev.eddy.peer.observe;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Fans every call out to several observers. Per-message calls go only to the observers that currently
 * want them ({@link PeerObserver#observesMessages()} may change at run time, e.g. when a JFR recording
 * starts), so a cheap observer never pays for an expensive one.
 */
public final class CompositePeerObserver implements PeerObserver {
  private final PeerObserver[] observers;

  public CompositePeerObserver(List<? extends PeerObserver> observers) {
    this.observers = observers.toArray(new PeerObserver[0]);
  }

  public List<PeerObserver> observers() {
    return List.of(observers);
  }

  @Override
  public boolean observesMessages() {
    for (PeerObserver o : observers) {
      if (o.observesMessages()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void onMessageReceived(ChannelRef channel, String type, long chunkStart, long chunkEnd, int datagramBytes) {
    for (PeerObserver o : observers) {
      if (o.observesMessages()) {
        o.onMessageReceived(channel, type, chunkStart, chunkEnd, datagramBytes);
      }
    }
  }

  @Override
  public void onMessageSent(ChannelRef channel, String type, long chunkStart, long chunkEnd, int datagramBytes) {
    for (PeerObserver o : observers) {
      if (o.observesMessages()) {
        o.onMessageSent(channel, type, chunkStart, chunkEnd, datagramBytes);
      }
    }
  }

  @Override
  public void onDatagramDropped(DropReason reason, String detail, InetSocketAddress peer, int bytes) {
    for (PeerObserver o : observers) {
      o.onDatagramDropped(reason, detail, peer, bytes);
    }
  }

  @Override
  public void onChannelOpened(ChannelRef channel, NegotiatedOptions options, long handshakeNanos, boolean initiatedLocally) {
    for (PeerObserver o : observers) {
      o.onChannelOpened(channel, options, handshakeNanos, initiatedLocally);
    }
  }

  @Override
  public void onChannelClosed(ChannelRef channel, CloseReason reason, String detail, ChannelTotals totals) {
    for (PeerObserver o : observers) {
      o.onChannelClosed(channel, reason, detail, totals);
    }
  }

  @Override
  public void onChunkVerified(ChannelRef channel, long chunkStart, long chunkEnd, int bytes) {
    for (PeerObserver o : observers) {
      o.onChunkVerified(channel, chunkStart, chunkEnd, bytes);
    }
  }

  @Override
  public void onReadBatchComplete() {
    for (PeerObserver o : observers) {
      o.onReadBatchComplete();
    }
  }

  @Override
  public void onIntegrityFailure(ChannelRef channel, long chunkStart, long chunkEnd, String detail) {
    for (PeerObserver o : observers) {
      o.onIntegrityFailure(channel, chunkStart, chunkEnd, detail);
    }
  }

  @Override
  public void onMisbehaviour(ChannelRef channel, Misbehaviour kind, long chunkStart, long chunkEnd) {
    for (PeerObserver o : observers) {
      o.onMisbehaviour(channel, kind, chunkStart, chunkEnd);
    }
  }

  @Override
  public void onRetransmission(ChannelRef channel, long chunkStart, long chunkEnd, int attempt, long rtoNanos) {
    for (PeerObserver o : observers) {
      o.onRetransmission(channel, chunkStart, chunkEnd, attempt, rtoNanos);
    }
  }

  @Override
  public void onChokeChanged(ChannelRef channel, boolean choked, boolean byRemote) {
    for (PeerObserver o : observers) {
      o.onChokeChanged(channel, choked, byRemote);
    }
  }

  @Override
  public void onPexContact(ChannelRef channel, PexContact contact) {
    for (PeerObserver o : observers) {
      o.onPexContact(channel, contact);
    }
  }

  @Override
  public void onPeerStarted(PeerStatsSource stats) {
    for (PeerObserver o : observers) {
      o.onPeerStarted(stats);
    }
  }

  @Override
  public void onPeerStopped() {
    for (PeerObserver o : observers) {
      o.onPeerStopped();
    }
  }
}
