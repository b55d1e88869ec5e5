package dev.flinkgitops.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * Pod template layering, on JSON trees: {@code spec.podTemplate}, then the role's
 * {@code podTemplate} over it, then the pod flink-gitops generates over that. Objects merge
 * field by field; lists of named items merge by {@code name}; other lists are replaced.
 *
 * <p>Named containers merge field by field (a template's {@code flink-main-container} keeps
 * what we do not set). Named volumes, env entries, volume mounts and ports are replaced whole:
 * their fields are one-of choices ({@code value} or {@code valueFrom}, {@code emptyDir} or
 * {@code configMap}), and mixing two would make an invalid item.
 */
final class PodTemplates {

    static final Set<String> MERGED_BY_NAME = Set.of("containers", "initContainers", "ephemeralContainers");
    static final Set<String> REPLACED_BY_NAME = Set.of("volumes", "env", "volumeMounts", "ports");

    private PodTemplates() {}

    /**
     * The user's template for one role ({@code jobManager} or {@code taskManager}) from a
     * FlinkDeployment's {@code spec}: the labels and annotations of its metadata and its spec.
     */
    static ObjectNode userTemplate(JsonNode spec, String role) {
        return (ObjectNode) merge(template(spec.path("podTemplate")), template(spec.path(role).path("podTemplate")));
    }

    private static ObjectNode template(JsonNode pod) {
        ObjectNode template = JsonNodeFactory.instance.objectNode();
        ObjectNode metadata = template.putObject("metadata");
        for (String field : new String[] {"labels", "annotations"}) {
            if (pod.path("metadata").path(field).isObject()) {
                metadata.set(field, pod.path("metadata").get(field).deepCopy());
            }
        }
        if (pod.path("spec").isObject()) {
            template.set("spec", pod.get("spec").deepCopy());
        }
        return template;
    }

    /** {@code overlay} merged over {@code base}; neither is modified. */
    static JsonNode merge(JsonNode base, JsonNode overlay) {
        return merge(base, overlay, "");
    }

    private static JsonNode merge(JsonNode base, JsonNode overlay, String field) {
        if (overlay == null || overlay.isNull() || overlay.isMissingNode()) {
            return base == null ? null : base.deepCopy();
        }
        if (base == null || base.isNull() || base.isMissingNode()) {
            return overlay.deepCopy();
        }
        if (base.isObject() && overlay.isObject()) {
            ObjectNode merged = ((ObjectNode) base).deepCopy();
            overlay.fields().forEachRemaining(e -> merged.set(e.getKey(), merge(base.get(e.getKey()), e.getValue(), e.getKey())));
            return merged;
        }
        if (base.isArray() && overlay.isArray() && (MERGED_BY_NAME.contains(field) || REPLACED_BY_NAME.contains(field))) {
            return mergeByName((ArrayNode) base, (ArrayNode) overlay, MERGED_BY_NAME.contains(field));
        }
        return overlay.deepCopy();
    }

    private static ArrayNode mergeByName(ArrayNode base, ArrayNode overlay, boolean mergeItems) {
        ArrayNode merged = base.deepCopy();
        for (JsonNode item : overlay) {
            int index = indexOf(merged, item.path("name"));
            if (index < 0) {
                merged.add(item.deepCopy());
            } else {
                merged.set(index, mergeItems ? merge(merged.get(index), item, "") : item.deepCopy());
            }
        }
        return merged;
    }

    private static int indexOf(ArrayNode items, JsonNode name) {
        if (!name.isTextual()) {
            return -1;
        }
        for (int i = 0; i < items.size(); i++) {
            if (name.equals(items.get(i).path("name"))) {
                return i;
            }
        }
        return -1;
    }
}
