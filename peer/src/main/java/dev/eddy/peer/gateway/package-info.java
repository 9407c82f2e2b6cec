/**
 * The HTTP gateway: a player (ffplay, VLC, mpv, a browser, ffprobe or curl) reads content over HTTP while the
 * peer downloads it, as libswift's gateway allows. {@code eddy get SWARM_ID --http HOST:PORT} serves
 * {@code GET /SWARM_ID} and {@code HEAD /SWARM_ID}.
 *
 * <h2>What it answers</h2>
 * <ul>
 *   <li>200 with the whole content, or 206 with {@code Content-Range} for one byte range ({@code bytes=A-B},
 *       {@code bytes=A-}, {@code bytes=-N}); {@code Accept-Ranges: bytes}; an exact {@code Content-Length}. The
 *       head waits until the length is known (the last chunk verified, which is fetched first for that).</li>
 *   <li>A request for bytes that have not arrived waits for them, and the download fetches from there first:
 *       the newest waiting request moves the swarm's in-order picking ({@link dev.eddy.peer.swarm.Swarm#playFrom}),
 *       so a seek is served within about one request window.</li>
 *   <li>400 for a malformed request or {@code bytes} range, 404 for any other path or an unknown swarm ID, 405
 *       (with {@code Allow}) for methods other than GET and HEAD, 416 (with {@code Content-Range: bytes *}/LENGTH)
 *       for a range that starts past the end, 503 when the download stops before the bytes came, 410 for bytes of a
 *       live stream that ended and no longer held. Several ranges in one request, or a unit other than bytes, get
 *       the whole content (RFC 9110 lets a server ignore Range).</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * One thread of its own ({@code eddy-http}) runs every connection and reads the content, never the peer's event
 * loop: a slow or stalled client only stops its own response (reading stops while its socket's buffer is full,
 * {@link dev.eddy.peer.gateway.HttpGateway#CLIENT_BUFFER}). A response waiting for content holds a future from
 * {@link dev.eddy.peer.gateway.ArrivingContent#await}; the client closing its connection cancels it, which
 * removes the waiter.
 *
 * <h2>Serving other content: {@link dev.eddy.peer.gateway.ArrivingContent}</h2>
 * The gateway knows content only through that interface: the length (known, not yet known, or unbounded), the
 * first byte still held, how many bytes can be read at a position now, a future for "wait for more at this
 * position" (which also steers fetching), and a positional read. {@link dev.eddy.peer.gateway.SwarmContent}
 * adapts a download.
 *
 * <h2>A live stream: {@link dev.eddy.peer.gateway.LiveContent}</h2>
 * {@code eddy get --live SWARM_ID --http HOST:PORT} serves the leecher's ordered output, kept in a ring the
 * size of the discard window, with {@link dev.eddy.peer.gateway.ArrivingContent#UNBOUNDED} as its length: each
 * client gets one continuous 200 response (chunked transfer encoding, {@code Accept-Ranges: none}, no
 * {@code Content-Length}) from its own position, starting a few chunks behind the live edge
 * ({@link dev.eddy.peer.gateway.ArrivingContent#tuneIn}). {@code Range} is ignored: players open a stream with
 * {@code bytes=0-} and take a 200 without ranges as "not seekable", where a 416 would stop them. A client that
 * reads slower than the stream falls out of the ring; its response is cut (closed without the last chunk,
 * logged and counted), never fed a silent jump, and the leecher never waits for it. When the stream ends, every
 * response ends after its last byte.
 */
package dev.eddy.peer.gateway;
