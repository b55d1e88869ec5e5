package dev.flinkgitops.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinkgitops.yaml.YamlTree;
import java.util.Map;
import java.util.TreeMap;

/**
 * YAML's {@code .inf}, {@code -.inf} and {@code .nan} (and floats too large for a double, such
 * as {@code 1e999}): numbers JSON cannot hold, on which the schema validator would throw.
 */
final class SpecialFloats {

    /** A finite number that is not an integer: the schema's type checks see what they would have seen. */
    private static final double STAND_IN = 0.5;

    private SpecialFloats() {}

    /** JSON pointer to the value as YAML writes it, for every non-finite number under {@code node}. */
    static Map<String, String> find(JsonNode node) {
        Map<String, String> found = new TreeMap<>();
        find(node, "", found);
        return found;
    }

    private static void find(JsonNode node, String pointer, Map<String, String> found) {
        if (special(node)) {
            double value = node.doubleValue();
            found.put(pointer, Double.isNaN(value) ? ".nan" : value > 0 ? ".inf" : "-.inf");
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> find(e.getValue(), YamlTree.child(pointer, e.getKey()), found));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                find(node.get(i), pointer + "/" + i, found);
            }
        }
    }

    /** A copy of {@code node} with every non-finite number replaced by a finite, non-integral one. */
    static JsonNode withStandIns(JsonNode node) {
        if (special(node)) {
            return DoubleNode.valueOf(STAND_IN);
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), withStandIns(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> copy.add(withStandIns(item)));
            return copy;
        }
        return node;
    }

    private static boolean special(JsonNode node) {
        return (node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue());
    }
}
