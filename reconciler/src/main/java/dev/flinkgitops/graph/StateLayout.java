package dev.flinkgitops.graph;

import dev.flinkgitops.port.RestoreCompatibility;
import dev.flinkgitops.port.RestoreCompatibility.Operator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares a new job graph's operators with a restore point's, as Flink does when it restores
 * ({@code Checkpoints.loadAndValidateCheckpoint}): an operator state is matched by operator id (the
 * generated id, or a user-defined hash); an unmatched one with state fails the restore unless
 * {@code allowNonRestoredState}; a matched one whose max parallelism differs from a max parallelism
 * the new graph sets fails it too. Pure.
 */
final class StateLayout {

    private StateLayout() {}

    /** An operator of the new graph; {@code maxParallelism} is its vertex's, -1 when not set. */
    record GraphOperator(String id, String userDefinedId, String name, String uid, int maxParallelism) {}

    /** An operator of the restore point. */
    record SavedOperator(String id, String name, String uid, int maxParallelism, boolean hasState) {}

    static RestoreCompatibility compare(List<GraphOperator> graph, List<SavedOperator> saved, String restorePoint,
            boolean allowNonRestoredState) {
        Map<String, GraphOperator> byId = new LinkedHashMap<>();
        for (GraphOperator operator : graph) {
            byId.put(operator.id(), operator);
            if (operator.userDefinedId() != null) {
                byId.put(operator.userDefinedId(), operator);
            }
        }
        List<Operator> kept = new ArrayList<>();
        List<Operator> dropped = new ArrayList<>();
        List<String> maxParallelism = new ArrayList<>();
        List<GraphOperator> matched = new ArrayList<>();
        for (SavedOperator state : saved) {
            GraphOperator target = byId.get(state.id());
            if (target != null) {
                matched.add(target);
                if (state.hasState()) {
                    kept.add(new Operator(state.id(), first(target.name(), state.name()), first(target.uid(), state.uid())));
                }
                if (target.maxParallelism() > 0 && target.maxParallelism() != state.maxParallelism()) {
                    maxParallelism.add(label(target, state) + ": " + (target.maxParallelism() < state.maxParallelism()
                            ? "lowered" : "raised") + " from " + state.maxParallelism() + " to " + target.maxParallelism()
                            + " (state cannot be redistributed to it: Flink refuses the restore)");
                }
            } else if (state.hasState()) {
                dropped.add(new Operator(state.id(), state.name(), state.uid()));
            }
        }
        List<Operator> added = graph.stream().filter(o -> !matched.contains(o))
                .map(o -> new Operator(o.id(), o.name(), o.uid())).toList();
        List<String> missingUids = graph.stream().filter(o -> o.uid() == null && o.userDefinedId() == null)
                .map(o -> first(o.name(), o.id())).toList();
        RestoreCompatibility.Result result = !maxParallelism.isEmpty() || (!dropped.isEmpty() && !allowNonRestoredState)
                ? RestoreCompatibility.Result.INCOMPATIBLE
                : dropped.isEmpty() ? RestoreCompatibility.Result.COMPATIBLE : RestoreCompatibility.Result.DROPS_STATE;
        return new RestoreCompatibility(result, restorePoint, null, allowNonRestoredState, kept, dropped, added,
                missingUids, maxParallelism);
    }

    private static String label(GraphOperator target, SavedOperator state) {
        return new Operator(state.id(), first(target.name(), state.name()), first(target.uid(), state.uid())).label();
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }
}
