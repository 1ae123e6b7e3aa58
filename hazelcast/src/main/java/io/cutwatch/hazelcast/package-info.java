/**
 * The Hazelcast backend: Cutwatch processes on the members of a real cluster.
 *
 * <p>Entry points: {@link io.cutwatch.hazelcast.HazelcastCutwatch#on} (a Cutwatch on a member you
 * already run), {@link io.cutwatch.hazelcast.CutwatchMembers} (the loopback member config with a
 * Java deserialization allow-list, and members for tests, demos and benchmarks),
 * {@link io.cutwatch.hazelcast.SnapshotStore} (the central location of snapshots). Channels are
 * ringbuffers per ordered pair of processes under a receive window
 * ({@link io.cutwatch.hazelcast.HazelcastBackend}). Hazelcast types appear only in this package;
 * the snapshot algorithm stays Hazelcast-free. See docs/hazelcast.md.
 */
package io.cutwatch.hazelcast;
