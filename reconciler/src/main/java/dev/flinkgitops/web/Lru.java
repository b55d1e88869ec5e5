package dev.flinkgitops.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** A bounded cache, least recently used out first; safe for the server's threads. */
final class Lru<K, V> {

    private final Map<K, V> entries;

    Lru(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached value of {@code key}, computed (outside the lock) when missing; a null value is not cached. */
    V get(K key, Function<K, V> compute) {
        synchronized (entries) {
            V value = entries.get(key);
            if (value != null) {
                return value;
            }
        }
        V value = compute.apply(key);
        if (value != null) {
            synchronized (entries) {
                entries.put(key, value);
            }
        }
        return value;
    }
}
