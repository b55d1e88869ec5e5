package dev.flinkgitops.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fields flink-gitops set on an object (its last-applied record, as {@code kubectl apply}
 * keeps one), and an object's content reduced to exactly those fields. What the API server
 * defaults or an admission webhook adds is outside the record, so it is never drift; a field of the
 * record that was changed or removed is.
 *
 * <p>The content is canonical: object keys sorted; null and empty values left out; quantities by
 * value ({@code 2048Mi} is {@code 2Gi}); a list of objects that have a merge key (the key strategic
 * merge uses: {@code containerPort} for container ports, {@code port} for Service ports, {@code
 * mountPath} for volume mounts, {@code devicePath} for volume devices, else {@code name}) becomes an
 * object by key ({@code "k:name=flink-main-container"}), so an added element (an injected sidecar, an
 * extra env var) is outside the record while one the daemon set is matched wherever it sits; any
 * other list is one value, compared whole (as strategic merge replaces it).
 *
 * <p>The record holds field names and merge keys only, never values ({@code 1} marks a field
 * compared whole): its size grows with the number of rendered fields, not with configuration text,
 * arguments or environment values, so it stays far below the 256 KiB annotation limit.
 */
final class FieldRecord {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String KEYED = "k:";
    private static final Map<String, String> MERGE_KEYS = Map.of("volumeMounts", "mountPath",
            "volumeDevices", "devicePath");
    private static final List<String> QUANTITY_MAPS = List.of("requests", "limits", "overhead", "hard");

    private FieldRecord() {}

    /** The canonical form of a rendered content tree (see the class comment). */
    static JsonNode canonical(JsonNode node, String field) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isArray()) {
            String key = mergeKey(node, field);
            if (key == null) {
                var items = NODES.arrayNode();
                node.forEach(item -> add(items, canonical(item, field)));
                return items.isEmpty() ? null : items;
            }
            ObjectNode byKey = NODES.objectNode();
            node.forEach(item -> put(byKey, KEYED + key + "=" + item.get(key).asText(), canonical(item, field)));
            return byKey.isEmpty() ? null : byKey;
        }
        if (node.isObject()) {
            ObjectNode result = NODES.objectNode();
            TreeSet<String> names = new TreeSet<>();
            node.fieldNames().forEachRemaining(names::add);
            boolean quantities = QUANTITY_MAPS.contains(field);
            for (String name : names) {
                JsonNode value = node.get(name);
                put(result, name, quantities || name.equals("sizeLimit") ? quantity(value) : canonical(value, name));
            }
            return result.isEmpty() ? null : result;
        }
        return node.isTextual() && node.asText().isEmpty() ? null : node;
    }

    /** The record of a canonical tree: its field names and merge keys, {@code 1} for a value compared whole. */
    static JsonNode of(JsonNode canonical) {
        if (!canonical.isObject()) {
            return IntNode.valueOf(1);
        }
        ObjectNode record = NODES.objectNode();
        canonical.fields().forEachRemaining(entry -> record.set(entry.getKey(), of(entry.getValue())));
        return record;
    }

    /**
     * {@code live} reduced to the fields of {@code record}, canonical: equal to the canonical rendering
     * when nobody changed a field the daemon set. Null when nothing of the record is left.
     */
    static JsonNode project(JsonNode live, JsonNode record, String field) {
        if (live == null || live.isNull() || live.isMissingNode()) {
            return null;
        }
        if (!record.isObject()) {
            return canonical(live, field);
        }
        ObjectNode result = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = record.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            if (name.startsWith(KEYED) && live.isArray()) {
                put(result, name, project(element(live, name), entry.getValue(), field));
            } else if (live.isObject()) {
                JsonNode value = live.get(name);
                boolean quantity = QUANTITY_MAPS.contains(field) || name.equals("sizeLimit");
                put(result, name, quantity && value != null ? quantity(value) : project(value, entry.getValue(), name));
            }
        }
        return result.isEmpty() ? null : result;
    }

    /** The element of a keyed list named by {@code k:<key>=<value>}, or null. */
    private static JsonNode element(JsonNode list, String keyed) {
        int equals = keyed.indexOf('=');
        String key = keyed.substring(KEYED.length(), equals);
        String value = keyed.substring(equals + 1);
        for (JsonNode item : list) {
            if (item.isObject() && item.hasNonNull(key) && item.get(key).asText().equals(value)) {
                return item;
            }
        }
        return null;
    }

    /** The merge key of a list of objects, or null when it is compared whole (scalars, no key, duplicates). */
    private static String mergeKey(JsonNode list, String field) {
        String key = MERGE_KEYS.get(field);
        if (key == null && field.equals("ports")) {
            key = list.size() > 0 && list.get(0).has("containerPort") ? "containerPort" : "port";
        }
        key = key == null ? "name" : key;
        Set<String> seen = new HashSet<>();
        for (JsonNode item : list) {
            if (!item.isObject() || !item.hasNonNull(key) || !item.get(key).isValueNode()
                    || !seen.add(item.get(key).asText())) {
                return null;
            }
        }
        return seen.isEmpty() ? null : key;
    }

    /** A quantity as its plain decimal value; the value itself when it is no quantity. */
    private static JsonNode quantity(JsonNode value) {
        if (value.isObject()) {
            return canonical(value, "requests");
        }
        if (!value.isValueNode() || value.isNull()) {
            return canonical(value, "");
        }
        try {
            return NODES.textNode(Quantity.getAmountInBytes(Quantity.parse(value.asText())).stripTrailingZeros()
                    .toPlainString());
        } catch (RuntimeException e) {
            return value;
        }
    }

    private static void put(ObjectNode object, String name, JsonNode value) {
        if (value != null) {
            object.set(name, value);
        }
    }

    private static void add(com.fasterxml.jackson.databind.node.ArrayNode items, JsonNode value) {
        if (value != null) {
            items.add(value);
        }
    }
}
