/**
 * JDK Flight Recorder events for PPSPP (RFC 7574) and the {@code .jfc} settings that turn them on.
 *
 * <p>Every event is named {@code dev.eddy.ppspp.<What>} (the class keeps the {@code Event} suffix) and
 * sits under the {@code Eddy / PPSPP} category. Fields are primitives and strings only: channel IDs are
 * {@code long}, swarm IDs lower-case hex (in the per-message and verified-chunk events only their first 16
 * digits, see {@link dev.eddy.jfr.SwarmIds}), addresses {@code host:port}, chunk ranges inclusive with -1
 * for "none", durations in nanoseconds. These names are a contract read by {@code eddy report} and the JMC
 * rules: add fields, never rename them.
 */
package dev.eddy.jfr;
