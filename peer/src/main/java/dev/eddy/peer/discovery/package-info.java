/**
 * Finding peers (RFC 7574 §8.11–8.12): answering PEX_REQ with peers of the same swarm that completed a
 * handshake with us, and checking, capping and connecting to the peers others offer. A tracker (libswift's
 * {@code -t}) is nothing more than the first peer asked.
 */
package dev.eddy.peer.discovery;
