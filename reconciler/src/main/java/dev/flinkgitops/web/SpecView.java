package dev.flinkgitops.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.flinkgitops.redact.Redact;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One app's document of a spec file as the pages show it: its {@code spec.flinkVersion} and its YAML with
 * every secret {@link Redact redacted} (a {@code flinkConfiguration} key that looks secret loses its value,
 * job arguments as {@code plan} shows them, every other string with its secret parts masked).
 *
 * @param flinkVersion {@code spec.flinkVersion}, or null
 * @param deploymentName a FlinkSessionJob's {@code spec.deploymentName} (its Flink version is its session cluster's), or null
 * @param document the document as written (not redacted: shown only through {@link #lines()}); not to be modified
 */
record SpecView(String flinkVersion, String deploymentName, JsonNode document) {

    /** Larger spec files are not shown (the daemon's own reader caps them too). */
    static final int MAX_BYTES = 1 << 20;
    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build());

    /** The document of {@code content} naming {@code name} (or the only one), or null when there is none or it cannot be read. */
    static SpecView of(byte[] content, String namespace, String name) {
        return of(content, namespace, name, false);
    }

    /** The document of {@code content} naming {@code name}, or null. */
    static SpecView named(byte[] content, String namespace, String name) {
        return of(content, namespace, name, true);
    }

    private static SpecView of(byte[] content, String namespace, String name, boolean strict) {
        if (content == null || content.length > MAX_BYTES) {
            return null;
        }
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(content)) {
            List<JsonNode> all = new ArrayList<>();
            documents.forEachRemaining(doc -> {
                if (doc != null && doc.isObject()) {
                    all.add(doc);
                }
            });
            JsonNode doc = all.size() == 1 && !strict ? all.get(0) : all.stream().filter(d -> names(d, namespace, name)).findFirst().orElse(null);
            if (doc == null) {
                return null;
            }
            String version = doc.path("spec").path("flinkVersion").asText(null);
            return new SpecView(version, doc.path("spec").path("deploymentName").asText(null), doc);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The document as YAML lines, redacted (computed on each call: only an app's page asks). */
    List<String> lines() {
        try {
            return YAML.writeValueAsString(redact(document.deepCopy(), "")).lines().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean names(JsonNode doc, String namespace, String name) {
        JsonNode metadata = doc.path("metadata");
        return name.equals(metadata.path("name").asText(null))
                && (metadata.path("namespace").isMissingNode() || namespace.equals(metadata.path("namespace").asText(null)));
    }

    /** Redacts {@code node} in place; {@code path} is its dotted path ({@code spec.flinkConfiguration.x}). */
    private static JsonNode redact(JsonNode node, String path) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            List<Map.Entry<String, JsonNode>> copy = new ArrayList<>();
            fields.forEachRemaining(copy::add);
            for (Map.Entry<String, JsonNode> field : copy) {
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (path.startsWith("spec.flinkConfiguration") && field.getValue().isValueNode()) {
                    object.put(field.getKey(), Redact.configValue(child.substring("spec.flinkConfiguration.".length()),
                            field.getValue().asText()));
                } else if (child.equals("spec.job.args") && field.getValue() instanceof ArrayNode args) {
                    List<String> values = new ArrayList<>();
                    args.forEach(arg -> values.add(arg.asText()));
                    ArrayNode shown = object.putArray(field.getKey());
                    Redact.args(values).forEach(shown::add);
                } else {
                    object.set(field.getKey(), redact(field.getValue(), child));
                }
            }
            // An environment variable {name: DB_PASSWORD, value: ...}: the name says the value is secret.
            if (object.path("name").isTextual() && object.path("value").isValueNode()) {
                object.put("value", Redact.configValue(object.path("name").asText(), object.path("value").asText()));
            }
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, redact(array.get(i), path));
            }
            return array;
        }
        return node.isTextual() ? TextNode.valueOf(Redact.text(node.asText())) : node;
    }
}
