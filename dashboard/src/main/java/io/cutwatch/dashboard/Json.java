package io.cutwatch.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The dashboard's one JSON mapper (shared, never reconfigured, so thread-safe) and error bodies. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // A tree of plain nodes always serialises; reaching this is a bug in this module.
            throw new IllegalStateException("cannot write dashboard JSON", e);
        }
    }

    /** {@code {"error": message, "status": status}}. */
    static String error(int status, String message) {
        ObjectNode n = object();
        n.put("status", status);
        n.put("error", message);
        return write(n);
    }
}
