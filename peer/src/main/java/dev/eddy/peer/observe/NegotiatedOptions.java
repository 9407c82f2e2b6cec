package dev.eddy.peer.observe;

/**
 * The protocol options a channel agreed on (RFC 7574 §7), as plain values for observers: the remote's, as its
 * handshake announced them (how its messages decode; ours are this peer's configuration).
 *
 * @param version protocol version (1)
 * @param contentIntegrity content integrity protection method code (1 = Merkle)
 * @param hashFunction Merkle hash function code (0 = SHA-1)
 * @param chunkAddressing chunk addressing method code (2 = 32-bit chunk ranges)
 * @param chunkSize chunk size in bytes
 */
public record NegotiatedOptions(int version, int contentIntegrity, int hashFunction, int chunkAddressing, int chunkSize) {}
