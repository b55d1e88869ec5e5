package dev.flinkgitops.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Makes a rendered object and the same object read back from the API server compare equal:
 * fields left at the value the server would default them to are removed (so it does not
 * matter whether we or the server wrote them), empty and null fields are removed, quantities
 * are compared by value ({@code 2048Mi} is {@code 2Gi}, {@code 0.5} is {@code 500m}), and
 * object keys are sorted.
 */
final class ServerDefaults {

    /** Where an object sits (the path of field names ending there) → its defaulted fields. */
    private static final Map<String, Map<String, String>> DEFAULTS = Map.ofEntries(
            Map.entry("template/spec", Map.of("restartPolicy", "Always", "dnsPolicy", "ClusterFirst",
                    "schedulerName", "default-scheduler", "terminationGracePeriodSeconds", "30",
                    "enableServiceLinks", "true")),
            Map.entry("containers", container()),
            Map.entry("initContainers", container()),
            Map.entry("ports", Map.of("protocol", "TCP")),
            Map.entry("livenessProbe", probe()),
            Map.entry("readinessProbe", probe()),
            Map.entry("startupProbe", probe()),
            Map.entry("httpGet", Map.of("scheme", "HTTP")),
            Map.entry("fieldRef", Map.of("apiVersion", "v1")),
            Map.entry("volumes/configMap", Map.of("defaultMode", "420")),
            Map.entry("volumes/secret", Map.of("defaultMode", "420")),
            Map.entry("volumes/projected", Map.of("defaultMode", "420")),
            Map.entry("volumes/downwardAPI", Map.of("defaultMode", "420")),
            Map.entry("volumes/hostPath", Map.of("type", "")),
            Map.entry("strategy/rollingUpdate", Map.of("maxSurge", "25%", "maxUnavailable", "25%")));

    /** Objects whose values are all quantities. */
    private static final List<String> QUANTITY_MAPS = List.of("requests", "limits", "overhead");

    private ServerDefaults() {}

    private static Map<String, String> container() {
        return Map.of("terminationMessagePath", "/dev/termination-log", "terminationMessagePolicy", "File");
    }

    private static Map<String, String> probe() {
        return Map.of("timeoutSeconds", "1", "periodSeconds", "10", "successThreshold", "1", "failureThreshold", "3");
    }

    static JsonNode normalize(JsonNode node) {
        return normalize(node, "");
    }

    private static JsonNode normalize(JsonNode node, String path) {
        if (node.isArray()) {
            ArrayNode items = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> items.add(normalize(item, path)));
            return items;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        TreeSet<String> fields = new TreeSet<>();
        node.fieldNames().forEachRemaining(fields::add);
        for (String field : fields) {
            JsonNode value = node.get(field);
            String childPath = path + "/" + field;
            if (isQuantity(path, field) && value.isValueNode()) {
                value = JsonNodeFactory.instance.textNode(quantity(value.asText()));
            }
            value = normalize(value, childPath);
            if (!isEmpty(value) && !isDefault(node, path, field, value)) {
                result.set(field, value);
            }
        }
        return result;
    }

    private static boolean isDefault(JsonNode object, String path, String field, JsonNode value) {
        if (!value.isValueNode()) {
            return false;
        }
        if (path.endsWith("template/spec") && field.equals("serviceAccount")) {
            return true; // the server copies serviceAccountName into this deprecated field
        }
        if (field.equals("imagePullPolicy") && (path.endsWith("/containers") || path.endsWith("/initContainers"))) {
            return value.asText().equals(defaultPullPolicy(object.path("image").asText("")));
        }
        if (field.equals("targetPort") && path.endsWith("/ports")) {
            return value.asText().equals(object.path("port").asText());
        }
        for (Map.Entry<String, Map<String, String>> rule : DEFAULTS.entrySet()) {
            if (path.endsWith("/" + rule.getKey()) && value.asText().equals(rule.getValue().get(field))) {
                return true;
            }
        }
        return false;
    }

    /** The API server's choice when a container sets no pull policy. */
    static String defaultPullPolicy(String image) {
        if (image.contains("@")) {
            return "IfNotPresent";
        }
        String lastPart = image.substring(image.lastIndexOf('/') + 1);
        int colon = lastPart.indexOf(':');
        return colon < 0 || lastPart.substring(colon + 1).equals("latest") ? "Always" : "IfNotPresent";
    }

    private static boolean isQuantity(String path, String field) {
        return field.equals("sizeLimit") || QUANTITY_MAPS.stream().anyMatch(map -> path.endsWith("/" + map));
    }

    /** A quantity as its plain decimal value; the text itself when it is no quantity. */
    static String quantity(String text) {
        try {
            return Quantity.getAmountInBytes(Quantity.parse(text)).stripTrailingZeros().toPlainString();
        } catch (RuntimeException e) {
            return text;
        }
    }

    private static boolean isEmpty(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() || (value.isContainerNode() && value.isEmpty());
    }
}
