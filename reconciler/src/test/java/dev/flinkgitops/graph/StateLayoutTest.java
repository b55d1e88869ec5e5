package dev.flinkgitops.graph;

import dev.flinkgitops.port.RestoreCompatibility;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The comparison as Flink restores: by operator id, empty state never blocks, a set max parallelism must match. */
class StateLayoutTest {

    private static final StateLayout.SavedOperator COUNTER = new StateLayout.SavedOperator("a1", "count", "count", 128, true);
    private static final StateLayout.SavedOperator SINK = new StateLayout.SavedOperator("b2", "sink", null, 128, false);

    @Test
    void aStateWithoutOperatorFailsTheRestoreUnlessAllowedAndAnEmptyOneNever() {
        List<StateLayout.GraphOperator> graph = List.of(new StateLayout.GraphOperator("c3", null, "count", "counter", -1));
        RestoreCompatibility refused = StateLayout.compare(graph, List.of(COUNTER, SINK), "file:/sp", false);
        assertEquals(RestoreCompatibility.Result.INCOMPATIBLE, refused.result());
        assertEquals(List.of(new RestoreCompatibility.Operator("a1", "count", "count")), refused.dropped());
        assertTrue(refused.restoreFails());
        RestoreCompatibility allowed = StateLayout.compare(graph, List.of(COUNTER, SINK), "file:/sp", true);
        assertEquals(RestoreCompatibility.Result.DROPS_STATE, allowed.result());
        assertFalse(allowed.restoreFails());
        assertTrue(allowed.details().contains("dropped: count: its state is discarded"), allowed.details().toString());
    }

    @Test
    void aUserDefinedHashMatchesAndAnUnsetMaxParallelismAdapts() {
        List<StateLayout.GraphOperator> graph = List.of(new StateLayout.GraphOperator("zz", "a1", "count", null, -1),
                new StateLayout.GraphOperator("b2", null, "sink", null, -1));
        RestoreCompatibility result = StateLayout.compare(graph, List.of(COUNTER, SINK), "file:/sp", false);
        assertEquals(RestoreCompatibility.Result.COMPATIBLE, result.result(), result.toString());
        assertEquals(List.of("sink"), result.missingUids(), "a user-defined hash counts as an explicit id");
        assertTrue(result.added().isEmpty());
    }

    @Test
    void aMaxParallelismSetToAnotherValueFailsTheRestoreEvenWithAllowNonRestoredState() {
        List<StateLayout.GraphOperator> graph = List.of(new StateLayout.GraphOperator("a1", null, "count", "count", 256),
                new StateLayout.GraphOperator("b2", null, "sink", "sink", 128));
        RestoreCompatibility result = StateLayout.compare(graph, List.of(COUNTER, SINK), "file:/sp", true);
        assertEquals(RestoreCompatibility.Result.INCOMPATIBLE, result.result());
        assertEquals(1, result.maxParallelism().size(), result.maxParallelism().toString());
        assertTrue(result.maxParallelism().get(0).startsWith("count: raised from 128 to 256"), result.maxParallelism().get(0));
    }
}
