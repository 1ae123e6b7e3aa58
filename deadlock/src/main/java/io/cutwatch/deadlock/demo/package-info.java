/**
 * The runnable deadlock demo ({@link io.cutwatch.deadlock.demo.DeadlockDemo}) and a periodic
 * detection job for the simulator.
 */
package io.cutwatch.deadlock.demo;
