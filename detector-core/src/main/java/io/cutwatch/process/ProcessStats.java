package io.cutwatch.process;

/**
 * Counters of one process since it started. A point-in-time copy; each counter is exact,
 * the set of them is not read atomically.
 *
 * @param rejected         envelopes refused before delivery (foreign channel, wrong addressee, malformed)
 * @param channelFaults    sequence-check failures (gap, duplicate, reorder)
 * @param duplicateMarkers second markers for one snapshot on one channel
 * @param handlerFailures  handlers or actions that threw
 */
public record ProcessStats(String processId, long messagesSent, long messagesReceived, long markersSent,
                           long localSnapshots, long rejected, long channelFaults, long duplicateMarkers,
                           long handlerFailures) {
}
