/**
 * Channel meters of a Cutwatch on Hazelcast ({@link io.cutwatch.metrics.hazelcast.ChannelMeters});
 * needs the optional {@code io.cutwatch:hazelcast} dependency.
 */
package io.cutwatch.metrics.hazelcast;
