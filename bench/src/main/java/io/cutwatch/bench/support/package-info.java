/** What the benchmarks share: the simulated workload of the overhead benchmarks and the statistics of paired rounds. */
package io.cutwatch.bench.support;
