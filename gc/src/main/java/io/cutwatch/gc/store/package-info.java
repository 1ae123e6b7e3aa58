/** The sample application: a distributed object store whose processes pass references in messages and drop roots at random, leaving garbage including cycles over 2..5 processes. */
package io.cutwatch.gc.store;
