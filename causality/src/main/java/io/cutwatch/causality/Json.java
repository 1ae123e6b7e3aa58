package io.cutwatch.causality;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Collection;
import java.util.Map;

/**
 * JSON for trace lines, on Jackson: one complete RFC 8259 value per call. Values read come back
 * normalised as {@link TraceEvent#normalize} does (integral numbers that fit in a long as
 * {@link Long}, other numbers as {@link Double}, maps and lists unmodifiable). Errors are
 * {@link IllegalArgumentException}s naming the column. Thread-safe.
 */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Json() {
    }

    /** Parses one complete JSON value. */
    static Object parse(String text) {
        try {
            return TraceEvent.normalize(MAPPER.readValue(text, Object.class));
        } catch (JsonProcessingException e) {
            String what = e.getOriginalMessage().lines().findFirst().orElse("malformed");
            int where = what.indexOf(" (start marker at");
            what = where > 0 ? what.substring(0, where) : what;
            throw new IllegalArgumentException("column " + e.getLocation().getColumnNr() + ": " + what, e);
        }
    }

    /** Appends {@code v} (normalised first) as compact JSON. */
    static void write(Object v, StringBuilder out) {
        Object value = TraceEvent.normalize(v);
        requireFinite(value);
        try {
            out.append(MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + v + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static void quote(String str, StringBuilder out) {
        out.append('"');
        JsonStringEncoder.getInstance().quoteAsString(str, out);
        out.append('"');
    }

    private static void requireFinite(Object v) {
        if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
            throw new IllegalArgumentException("JSON has no value for " + d);
        }
        if (v instanceof Map<?, ?> m) {
            m.values().forEach(Json::requireFinite);
        } else if (v instanceof Collection<?> c) {
            c.forEach(Json::requireFinite);
        }
    }
}
