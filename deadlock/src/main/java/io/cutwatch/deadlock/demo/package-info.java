/**
 * The runnable deadlock demo ({@link io.cutwatch.deadlock.demo.DeadlockDemo}), which also runs the
 * polling baseline on the same run and prints the comparison, and a periodic detection job for
 * the simulator.
 */
package io.cutwatch.deadlock.demo;
