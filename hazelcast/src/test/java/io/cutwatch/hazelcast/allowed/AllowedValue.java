package io.cutwatch.hazelcast.allowed;

import java.io.Serializable;

/** A Java-serializable class in a package the test members allow. */
public record AllowedValue(String text) implements Serializable {
}
