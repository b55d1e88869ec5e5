package dev.flinkgitops.appspec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The canonical form of a schema-valid resource: {@code status} and server-set metadata
 * ({@link ServerFields}) removed, defaults written out
 * (namespace, job state, upgradeMode, allowNonRestoredState, args), flinkConfiguration flattened
 * ({@link FlatConfiguration}: nested and dotted spellings are one key) with values as strings,
 * keys sorted. Two files that mean the same thing have the same canonical JSON.
 */
public final class CanonicalSpec {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private CanonicalSpec() {}

    /** SHA-256 (lower-case hex) of {@link #json}. */
    public static String hash(JsonNode resource) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(json(resource).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    public static String json(JsonNode resource) {
        try {
            return MAPPER.writeValueAsString(sorted(withDefaults(resource)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    static ObjectNode withDefaults(JsonNode resource) {
        ObjectNode copy = (ObjectNode) ServerFields.without(resource);
        if (copy.path("metadata").isObject() && !copy.get("metadata").hasNonNull("namespace")) {
            ((ObjectNode) copy.get("metadata")).put("namespace", AppId.DEFAULT_NAMESPACE);
        }
        JsonNode spec = copy.path("spec");
        if (spec.isObject()) {
            JsonNode configuration = spec.path("flinkConfiguration");
            if (configuration.isObject()) {
                ObjectNode strings = JSON.objectNode();
                FlatConfiguration.of(configuration, "").values().forEach(strings::put);
                ((ObjectNode) spec).set("flinkConfiguration", strings);
            }
            if (spec.path("job").isObject()) {
                ObjectNode job = (ObjectNode) spec.get("job");
                putIfAbsent(job, "state", JSON.textNode(DesiredState.RUNNING.yamlName()));
                putIfAbsent(job, "upgradeMode", JSON.textNode(UpgradeMode.SAVEPOINT.yamlName()));
                putIfAbsent(job, "allowNonRestoredState", JSON.booleanNode(false));
                putIfAbsent(job, "args", JSON.arrayNode());
            }
        }
        return copy;
    }

    private static void putIfAbsent(ObjectNode object, String field, JsonNode value) {
        if (!object.hasNonNull(field)) {
            object.set(field, value);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
            node.fields().forEachRemaining(entries::add);
            entries.sort(Map.Entry.comparingByKey());
            ObjectNode result = JSON.objectNode();
            entries.forEach(e -> result.set(e.getKey(), sorted(e.getValue())));
            return result;
        }
        if (node.isArray()) {
            ArrayNode result = JSON.arrayNode();
            node.forEach(item -> result.add(sorted(item)));
            return result;
        }
        return node;
    }
}
