/** Distributed garbage detection on consistent snapshots: {@link io.cutwatch.gc.GarbageDetector} (with an application's {@link io.cutwatch.gc.HeapAdapter}), {@link io.cutwatch.gc.GarbageReport} and {@link io.cutwatch.gc.ReclaimHook}. */
package io.cutwatch.gc;
