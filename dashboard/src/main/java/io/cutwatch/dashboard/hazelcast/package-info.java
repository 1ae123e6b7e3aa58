/**
 * The dashboard's view of the Hazelcast backend (members, lost processes, channel counters);
 * loaded only when the Cutwatch runs on Hazelcast.
 */
package io.cutwatch.dashboard.hazelcast;
