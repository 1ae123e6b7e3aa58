/**
 * The runnable gc demo ({@link io.cutwatch.gc.demo.GcDemo}), which also runs the reference-counting
 * baseline on the same snapshot and prints what it misses.
 */
package io.cutwatch.gc.demo;
