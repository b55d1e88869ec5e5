package dev.flinkgitops.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinkgitops.port.RestoreCompatibility;

import java.util.List;

/** An app's state-compatibility result in the plan's JSON ({@code docs/plan-json.md}, {@code apps[].stateCompatibility}). */
final class StateJson {

    private StateJson() {}

    static JsonNode of(RestoreCompatibility state) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (state == null) {
            return nodes.nullNode();
        }
        ObjectNode node = nodes.objectNode();
        node.put("result", state.result().name());
        node.put("summary", state.headline());
        node.put("restorePoint", state.restorePoint());
        node.put("reason", state.reason());
        node.put("allowNonRestoredState", state.allowNonRestoredState());
        operators(node.putArray("kept"), state.kept());
        operators(node.putArray("dropped"), state.dropped());
        operators(node.putArray("new"), state.added());
        ArrayNode missing = node.putArray("missingUids");
        state.missingUids().forEach(missing::add);
        ArrayNode maxParallelism = node.putArray("maxParallelism");
        state.maxParallelism().forEach(maxParallelism::add);
        node.put("serializersChecked", false);
        return node;
    }

    private static void operators(ArrayNode array, List<RestoreCompatibility.Operator> operators) {
        for (RestoreCompatibility.Operator operator : operators) {
            ObjectNode o = array.addObject();
            o.put("id", operator.id());
            o.put("name", operator.name());
            o.put("uid", operator.uid());
        }
    }
}
