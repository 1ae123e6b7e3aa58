/** The runnable gc demo ({@link io.cutwatch.gc.demo.GcDemo}). */
package io.cutwatch.gc.demo;
