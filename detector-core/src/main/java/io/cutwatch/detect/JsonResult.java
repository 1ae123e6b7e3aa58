package io.cutwatch.detect;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * A detector result read back from JSON ({@link ReportJson#fromJson}): the class that produced it
 * need not be on the reader's classpath, so the fields are kept as a JSON tree.
 *
 * @param found   {@link DetectionResult#found()} of the original result
 * @param summary {@link DetectionResult#summary()} of the original result
 * @param type    the original result's class name
 * @param details the original result's fields as Jackson wrote them
 */
public record JsonResult(boolean found, String summary, String type, JsonNode details) implements DetectionResult {
    public JsonResult {
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(details, "details");
    }
}
