package io.cutwatch.causality;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Set;

/**
 * An unmodifiable, insertion-ordered map of already normalised JSON values. Its own class so that
 * normalising it again is free (events are re-created when a trace attaches clocks).
 */
final class FrozenMap extends AbstractMap<String, Object> {
    private final LinkedHashMap<String, Object> map;

    FrozenMap(LinkedHashMap<String, Object> map) {
        this.map = map;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return Collections.unmodifiableMap(map).entrySet();
    }

    @Override
    public Object get(Object key) {
        return map.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return map.containsKey(key);
    }

    @Override
    public int size() {
        return map.size();
    }
}
