package dev.flinkgitops.daemon;

import dev.flinkgitops.port.JobState;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.CounterOutput;
import dev.flinkgitops.testing.FlinkGitWorldExtension;
import dev.flinkgitops.testing.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.flinkgitops.testing.Scenario.FILE;
import static dev.flinkgitops.testing.Scenario.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code spec.restartNonce} and {@code kubernetes.operator.savepoint.format.type} on a real Flink cluster: a new
 * nonce restarts the same spec through a new savepoint and the keyed state continues; a NATIVE savepoint is taken
 * and restored.
 */
class RestartNonceIT {

    @RegisterExtension
    static final FlinkGitWorldExtension WORLD = new FlinkGitWorldExtension();

    @Test
    void aNewRestartNonceRestartsTheJobFromANewSavepointAndItsStateContinues(TestInfo test) {
        Scenario s = WORLD.scenario(test);
        AppStatus first = s.deploy(s.specs().write(FILE, s.spec("v1")).commitAndPush("v1"));
        Await.until(WAIT, "v1 counts", () -> CounterOutput.hasAllKeys(s.output(), "v1", 4));

        String restart = s.specs().write(FILE, s.spec("v1").replace("spec:\n", "spec:\n  restartNonce: 1\n"))
                .commitAndPush("restart");
        AppStatus restarted = s.deploy(restart);

        assertNotEquals(first.job().id(), restarted.job().id(), "a new job");
        assertEquals(JobState.FINISHED, WORLD.world().state(first.job().id()), "the old job was stopped with a savepoint");
        assertEquals(restarted.lastSavepoint().path(), restarted.job().restoredFrom(), "restored from the restart's savepoint");
        assertTrue(restarted.lastSavepoint().time().compareTo(first.job().startedAt()) > 0, "a new savepoint");
        int before = CounterOutput.lines(s.output()).size();
        Await.until(WAIT, "the restarted job counts", () -> CounterOutput.lines(s.output()).size() > before + 8);
        assertCountsNeverReset(s);
        s.daemon().tickOnce();
        assertEquals(restarted.job().id(), s.daemon().statuses().get(Scenario.APP).job().id(), "the same nonce restarts once");
    }

    @Test
    void aNativeSavepointIsTakenAndRestored(TestInfo test) {
        Scenario s = WORLD.scenario(test);
        String nativeFormat = "\n    kubernetes.operator.savepoint.format.type: NATIVE";
        AppStatus first = s.deploy(s.specs().write(FILE, s.spec("v1", nativeFormat, "")).commitAndPush("v1"));
        Await.until(WAIT, "v1 counts", () -> CounterOutput.hasAllKeys(s.output(), "v1", 4));

        AppStatus upgraded = s.deploy(s.specs().write(FILE, s.spec("v2", nativeFormat, "")).commitAndPush("v2"));

        assertNotEquals(first.job().id(), upgraded.job().id());
        assertEquals(upgraded.lastSavepoint().path(), upgraded.job().restoredFrom());
        Await.until(WAIT, "v2 counts for every key", () -> CounterOutput.hasAllKeys(s.output(), "v2", 4));
        CounterOutput.assertContinued(s.output(), "v1", "v2");
    }

    /** Every key's counts are 1..N, each once: the restart neither lost the state (a second 1) nor replayed it. */
    private static void assertCountsNeverReset(Scenario s) {
        Map<String, List<Long>> byKey = new HashMap<>();
        CounterOutput.lines(s.output()).forEach(line -> byKey.computeIfAbsent(line.key(), k -> new ArrayList<>()).add(line.count()));
        assertEquals(4, byKey.size(), byKey.keySet().toString());
        byKey.forEach((key, counts) -> {
            List<Long> sorted = counts.stream().sorted().toList();
            for (int i = 0; i < sorted.size(); i++) {
                assertEquals(i + 1L, sorted.get(i), key + ": counts " + sorted);
            }
        });
    }
}
