package dev.flinkgitops.appspec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code spec.flinkConfiguration} flattened as the Flink Kubernetes Operator flattens it
 * (its {@code ConfigObjectNode.asFlatMap}; since operator 1.13 the configuration may be nested
 * YAML): a nested mapping's keys are joined to its own with dots, so
 * {@code state: {savepoints.dir: x}} and {@code state.savepoints.dir: x} are one setting; a list
 * item becomes {@code key[i]}; every scalar becomes its text ({@code null} too). The schema
 * refuses lists and nulls, as it does at the top level: Flink reads neither from these keys.
 * Where two spellings give one key the operator silently keeps the last; so does {@link #values},
 * and {@link #conflicts} names both so that validation can refuse the file.
 */
public final class FlatConfiguration {

    /** One flattened key, its value as text and the JSON pointer of the value as written. */
    public record Setting(String key, String value, String pointer) {}

    /** Two spellings of one key: the JSON pointers of the first and of the second. */
    public record Conflict(String key, String first, String second) {}

    private final Map<String, Setting> settings = new LinkedHashMap<>();
    private final List<Conflict> conflicts = new ArrayList<>();

    private FlatConfiguration() {}

    /** Flattens {@code configuration}, found at JSON pointer {@code pointer}; anything but a mapping is empty. */
    public static FlatConfiguration of(JsonNode configuration, String pointer) {
        FlatConfiguration flat = new FlatConfiguration();
        if (configuration != null && configuration.isObject()) {
            flat.add("", configuration, pointer);
        }
        return flat;
    }

    private void add(String key, JsonNode node, String pointer) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> add(key.isEmpty() ? field.getKey() : key + "." + field.getKey(),
                    field.getValue(), child(pointer, field.getKey())));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                add(key + "[" + i + "]", node.get(i), pointer + "/" + i);
            }
        } else {
            Setting setting = new Setting(key, node.asText(), pointer);
            Setting before = settings.remove(key);
            if (before != null) {
                conflicts.add(new Conflict(key, before.pointer(), pointer));
            }
            settings.put(key, setting);
        }
    }

    /** A JSON pointer one token deeper (as {@code YamlTree.child}: the model does not depend on the YAML reader). */
    private static String child(String pointer, String token) {
        return pointer + "/" + token.replace("~", "~0").replace("/", "~1");
    }

    /** Key to value, sorted by key; of two spellings of one key, the last written. */
    public SortedMap<String, String> values() {
        TreeMap<String, String> values = new TreeMap<>();
        settings.forEach((key, setting) -> values.put(key, setting.value()));
        return values;
    }

    /** The JSON pointer of the value of {@code key} as written (the last spelling), or null. */
    public String pointerOf(String key) {
        Setting setting = settings.get(key);
        return setting == null ? null : setting.pointer();
    }

    /** Every key written twice, in the order the second spellings appear. */
    public List<Conflict> conflicts() {
        return Collections.unmodifiableList(conflicts);
    }
}
