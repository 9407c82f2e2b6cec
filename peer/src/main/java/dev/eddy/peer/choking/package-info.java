/**
 * Who this peer uploads to (RFC 7574 §8.12, BitTorrent's tit-for-tat): a bounded number of upload slots per
 * swarm, given each round to the peers that uploaded most to us (to those we served fastest when we seed),
 * plus one optimistic slot that rotates so newcomers and slow peers get a chance.
 */
package dev.eddy.peer.choking;
