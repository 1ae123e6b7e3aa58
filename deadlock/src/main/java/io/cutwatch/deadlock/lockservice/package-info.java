/**
 * A distributed lock service, the sample application to detect deadlocks on: shared and exclusive
 * locks with strict FIFO queues owned by processes, transactions that lock across processes over the channels,
 * an abort path for victims, and its {@link io.cutwatch.deadlock.lockservice.LockServiceAdapter}.
 */
package io.cutwatch.deadlock.lockservice;
