/**
 * How fast a channel sends, and what it does about loss: pure logic driven by the caller's clock, tested
 * without sockets.
 *
 * <p><b>Congestion control</b> is LEDBAT (RFC 6817, {@link dev.eddy.peer.congestion.Ledbat}): the window
 * grows while the one-way queuing delay stays under the target (25 ms, as libswift) and shrinks as it
 * passes it. On loss it halves, as TCP does, where a queue of at least a quarter of the target stands behind
 * the loss. With no queue the loss is taken as the path's, not congestion, and the window loses a twentieth;
 * in between, the share lost grows with the queue (TCP Veno reasons the same way, with a fifth for losses
 * with no backlog; libswift's LEDBAT takes a fifth on any loss). Random loss is not a signal to slow down: at
 * 5% loss on loopback, halving held the window to about six segments (57 KiB without loss), a fifth to about
 * ten, and 8 MiB took about a tenth longer than with a twentieth (RELIABILITY.md). Behind a bottleneck the
 * queue that LEDBAT keeps near its target makes every overflow a congestion loss, so there nothing changes;
 * where the path's buffer is shallower than a quarter of the target, the overflow's own queue still sets the
 * cost, at most once per round trip. (RFC 6817 §2.4.1 halves on every loss episode; this is the one place
 * Eddy departs from the RFC.)
 *
 * <p><b>Loss recovery</b> ({@link dev.eddy.peer.congestion.LossRecovery}) finds lost chunks from what the
 * receiver acknowledges instead of waiting for a timeout, so a lossy path costs a little throughput rather
 * than seconds of silence:
 *
 * <ul>
 *   <li><b>Detection (RACK, RFC 8985).</b> Chunks are sent in order, so a chunk still unacknowledged when one
 *       sent after it was delivered, and older than that delivery's round trip plus a reordering allowance,
 *       is lost, and is sent again at once, ahead of new chunks. The allowance starts at a quarter of the
 *       minimum round trip and widens each time a retransmission proves unnecessary (the receiver
 *       acknowledges a chunk twice: both copies arrived), up to the smoothed round trip; sixteen loss
 *       episodes without such a case shrink it back. Where the lateness is known (a chunk acknowledged after
 *       a chunk sent later was, whether or not it was presumed lost meanwhile), the allowance covers it at
 *       once, plus a step, up to the round trip plus four deviations: on a loaded host held-back chunks
 *       came 3 to 40 ms late, stalled by a collection in the receiving JVM or a relay waiting for a core,
 *       while the smoothed round trip was 4-6 ms and steps learn one mistake at a time. Reordering within
 *       it causes no retransmission. On paths of under a millisecond the steps are a quarter millisecond and the cap two: a loaded host
 *       delivers a held-back datagram that late, far beyond loopback's round trip. The receiver, for its
 *       part, holds DATA that arrives ahead of its hashes (their datagram reordered behind it) until they
 *       come, instead of dropping it and having the whole batch sent again.
 *   <li><b>One reduction per loss episode.</b> The first loss of a chunk sent after the last reduction
 *       reduces the window (halves it, or less for a loss with little queue behind it, see above); further losses of
 *       chunks sent before that moment belong to the same episode. So a burst of losses in one window costs
 *       one reduction, and the window is reduced at most once per round trip, as RFC 6817 §2.4.1 asks (TCP's
 *       NewReno behaves the same way).
 *   <li><b>Tail loss.</b> When nothing at all is delivered for a probe timeout (two smoothed round trips;
 *       the round trip plus four deviations where it varies more), two chunks go as a probe beyond the
 *       window, without touching it: the next ones waiting to be sent, as RFC 8985's tail loss probe
 *       prefers (the timeout then at least 1 ms, the timer's tick), or, when nothing waits, the two oldest in
 *       flight again (at least 20 ms: an early probe then sends chunks twice, and a receiving JVM's young
 *       collection stops its acknowledgements for up to 17 ms). Their acknowledgement reveals,
 *       through RACK, whatever else was lost, and repeats as HAVE whatever a lost ACK datagram acknowledged:
 *       on a lossy path the silence is more often a lost ACK than lost DATA, since the receiver acknowledges
 *       a small window in one datagram (at 5% loss, 146 of 169 chunks the old probes sent again had arrived).
 *       Probes repeat at doubling intervals.
 *       Only when the oldest chunk has waited a retransmission timeout (RFC 6298: smoothed round trip plus
 *       four deviations, at least 200 ms) and two probes went unanswered is everything in flight declared
 *       lost and the window restarted from one segment. Backoff doubles each wait up to 2 seconds, so a path
 *       back from a blackout is found quickly, and resets on the first delivery.
 *   <li><b>Karn's rule.</b> A chunk sent more than once gives no round-trip sample and does not move RACK:
 *       its acknowledgement may be the first copy's.
 * </ul>
 *
 * <p>Two choices in the channel make the detection work on PPSPP. The receiver repeats the chunk runs of
 * its previous datagram of ACKs as HAVE in the next, so one lost ACK datagram does not make the sender
 * resend chunks that arrived; and on a lossy path each DATA datagram carries every hash its chunk needs that
 * no acknowledged chunk proved yet, so a lost datagram leaves no other chunk unverifiable (where loss is
 * rarer, a batch of chunks carries them, and a lost datagram of hashes costs only its batch, not every chunk
 * after it). On a path without recent
 * loss or any reordering seen, each hash goes once and goes again only if the chunk it went with is presumed
 * lost: behind a bottleneck, where ACKs pace the window into batches of one to three chunks, repeating the
 * upper levels took three hashes per chunk and a tenth of the link.
 */
package dev.eddy.peer.congestion;
