/**
 * The PPSPP wire codec (RFC 7574 §7–8): datagrams, the fourteen message types, protocol options and
 * chunk addressing, as immutable values; no sockets, no threads, no I/O.
 *
 * <h2>Shape of the API</h2>
 *
 * <ul>
 *   <li>{@link dev.eddy.peer.wire.Datagram} = destination channel ID + {@link dev.eddy.peer.wire.Message}s
 *       (a sealed interface, one record per {@link dev.eddy.peer.wire.MessageType}); no messages = keep-alive.
 *   <li>{@link dev.eddy.peer.wire.DatagramDecoder#decode} never throws for bad bytes: it returns a
 *       {@link dev.eddy.peer.wire.DecodeResult} — {@code Decoded} (datagram and the context after it),
 *       {@code Legacy} (libswift's pre-PPSPP handshake) or {@code Malformed} (a
 *       {@link dev.eddy.peer.wire.DecodeError} with the byte offset of the failing field and a reason).
 *       One bad message rejects the whole datagram.
 *   <li>{@link dev.eddy.peer.wire.DatagramReader} is the decoder's core, for the hot path: a reusable
 *       cursor that checks a datagram and then reads each message's fields straight from the buffer,
 *       allocating nothing but an optional DATA payload view ({@code BENCHMARKS.md} has the figures).
 *   <li>{@link dev.eddy.peer.wire.DatagramEncoder} writes datagrams or single messages into a Netty
 *       {@link io.netty.buffer.ByteBuf} and tells their encoded length, so a sender can pack messages up
 *       to the path MTU. Decoding then encoding under the same context reproduces the bytes exactly.
 *   <li>{@link dev.eddy.peer.wire.DecodingContext} is how one side of a channel writes (chunk addressing,
 *       hash and signature lengths, chunk size): the options that side announced, since a HANDSHAKE's
 *       options describe its sender. A channel keeps one per direction (ours to encode, the remote's to
 *       decode). A HANDSHAKE changes it for the rest of its own datagram, and both codec directions return
 *       the context that results.
 *   <li>Code points ({@link dev.eddy.peer.wire.ChunkAddressing}, {@link dev.eddy.peer.wire.ContentIntegrity},
 *       {@link dev.eddy.peer.wire.MerkleHashFunction}, {@link dev.eddy.peer.wire.LiveSignatureAlgorithm})
 *       keep values RFC 7574 does not assign, so a handshake offering them still decodes and the peer
 *       can refuse it knowingly; message types and option codes cannot be skipped and are errors.
 * </ul>
 *
 * <h2>Who owns DATA payloads</h2>
 *
 * A decoded {@link dev.eddy.peer.wire.Data#payload()} is a slice of the datagram buffer passed to the
 * decoder: no copy, same memory, same reference count. It is valid only while the caller holds that
 * buffer; the codec never retains or releases anything. To keep a payload after the datagram buffer is
 * released (e.g. to write it to disk later), {@code retain()} it and {@code release()} it when done, or
 * copy it. Every other message is plain data (hashes, signatures and IDs are copied into
 * {@link dev.eddy.peer.wire.Bytes}). When encoding, the payload's readable bytes are copied into the
 * output without moving its reader index and without releasing it.
 */
package dev.eddy.peer.wire;
