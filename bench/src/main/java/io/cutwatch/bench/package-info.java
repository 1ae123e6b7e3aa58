/**
 * Benchmarks: JMH benchmarks and end-to-end harnesses (main classes), one sub-package per area.
 * Results, with the command that produced them, go in docs/BENCHMARKS.md.
 */
package io.cutwatch.bench;
