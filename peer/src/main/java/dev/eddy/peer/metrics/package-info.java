/**
 * Live metrics for Prometheus ({@code --metrics HOST:PORT}): the swarm, per-peer, channel, drop and peer-exchange
 * statistics in the OpenMetrics text format, fed from the same observer and statistics the flight recorder reads.
 */
package dev.eddy.peer.metrics;
