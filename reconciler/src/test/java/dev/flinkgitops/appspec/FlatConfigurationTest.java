package dev.flinkgitops.appspec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlatConfigurationTest {

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void joinsNestedKeysWithDotsAsTheOperatorDoes() throws Exception {
        FlatConfiguration flat = FlatConfiguration.of(json("""
                {"state": {"savepoints.dir": "s3://sp", "checkpoints": {"dir": "s3://cp"}},
                 "job.autoscaler": {"enabled": true, "target.utilization": 0.6},
                 "taskmanager.numberOfTaskSlots": 2, "empty": {}}
                """), "/spec/flinkConfiguration");

        assertEquals(Map.of("state.savepoints.dir", "s3://sp", "state.checkpoints.dir", "s3://cp",
                "job.autoscaler.enabled", "true", "job.autoscaler.target.utilization", "0.6",
                "taskmanager.numberOfTaskSlots", "2"), flat.values());
        assertEquals("/spec/flinkConfiguration/state/checkpoints/dir", flat.pointerOf("state.checkpoints.dir"));
        assertEquals("/spec/flinkConfiguration/job.autoscaler/enabled", flat.pointerOf("job.autoscaler.enabled"));
        assertNull(flat.pointerOf("empty"), "an empty mapping sets nothing");
        assertEquals(List.of(), flat.conflicts());
    }

    @Test
    void listsAndNullsAreFlattenedAsTheOperatorDoesThoughTheSchemaRefusesThem() throws Exception {
        FlatConfiguration flat = FlatConfiguration.of(json("{\"a\": {\"list\": [\"x\", {\"y\": 1}], \"nothing\": null}}"), "");

        assertEquals(Map.of("a.list[0]", "x", "a.list[1].y", "1", "a.nothing", "null"), flat.values());
        assertEquals("/a/list/1/y", flat.pointerOf("a.list[1].y"));
    }

    @Test
    void twoSpellingsOfOneKeyAreAConflictAndTheLastWinsAsInTheOperator() throws Exception {
        FlatConfiguration flat = FlatConfiguration.of(json("""
                {"state.savepoints.dir": "first", "state": {"savepoints.dir": "second", "savepoints": {"dir": "third"}}}
                """), "/c");

        assertEquals("third", flat.values().get("state.savepoints.dir"));
        assertEquals(List.of(
                new FlatConfiguration.Conflict("state.savepoints.dir", "/c/state.savepoints.dir", "/c/state/savepoints.dir"),
                new FlatConfiguration.Conflict("state.savepoints.dir", "/c/state/savepoints.dir", "/c/state/savepoints/dir")),
                flat.conflicts());
    }

    @Test
    void escapesPointerTokensAndIgnoresWhatIsNotAMapping() throws Exception {
        assertEquals("/c/a~1b/c~0d", FlatConfiguration.of(json("{\"a/b\": {\"c~d\": 1}}"), "/c").pointerOf("a/b.c~d"));
        assertEquals(Map.of(), FlatConfiguration.of(json("[1]"), "").values());
        assertEquals(Map.of(), FlatConfiguration.of(null, "").values());
    }
}
