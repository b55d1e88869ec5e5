package dev.flinkgitops.daemon;

import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.CounterOutput;
import dev.flinkgitops.testing.FlinkGitWorldExtension;
import dev.flinkgitops.testing.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.flinkgitops.testing.Scenario.FILE;
import static dev.flinkgitops.testing.Scenario.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code spec.job.savepointRedeployNonce} with {@code initialSavepointPath} on a real Flink cluster:
 * the operator's way back to a known savepoint. The running job is stopped with a savepoint (kept in
 * the history), the new one starts from the chosen, older savepoint, and the counters go back to
 * that savepoint's values: a state regression by choice, recorded as such.
 */
class SavepointRedeployIT {

    @RegisterExtension
    static final FlinkGitWorldExtension WORLD = new FlinkGitWorldExtension();

    @Test
    void aRedeployGoesBackToTheChosenSavepointAndTheCountersWithIt(TestInfo test) {
        Scenario s = WORLD.scenario(test);
        s.deploy(s.specs().write(FILE, s.spec("v1")).commitAndPush("v1"));
        Await.until(WAIT, "v1 counts", () -> CounterOutput.hasAllKeys(s.output(), "v1", 4));

        String snapshot = s.specs().write(FILE, s.spec("v1", "", "    savepointTriggerNonce: 1\n")).commitAndPush("a savepoint");
        AppStatus saved = s.tickUntil("the savepoint of nonce 1", status -> snapshot.equals(status.specCommit())
                && Long.valueOf(1).equals(status.savepointNonce()) && status.operation() == null && status.lastSavepoint() != null);
        String chosen = saved.lastSavepoint().path();
        Map<String, Long> atSavepoint = CounterOutput.lastCount(s.output(), "v1");
        Await.until(WAIT, "v1 counts well past the savepoint", () -> CounterOutput.lastCount(s.output(), "v1").entrySet().stream()
                .allMatch(key -> key.getValue() > atSavepoint.get(key.getKey()) + 60));
        Map<String, Long> beforeRedeploy = CounterOutput.lastCount(s.output(), "v1");

        String redeploy = s.specs().write(FILE, s.spec("v2", "", "    savepointTriggerNonce: 1\n    initialSavepointPath: "
                + chosen + "\n    savepointRedeployNonce: 1\n")).commitAndPush("back to " + chosen);
        AppStatus redeployed = s.deploy(redeploy);

        assertNotEquals(saved.job().id(), redeployed.job().id(), "a new job");
        assertEquals(chosen, redeployed.job().restoredFrom(), "started from the chosen savepoint, not the newest");
        assertTrue(redeployed.savepoints().stream().anyMatch(point -> !point.path().equals(chosen)
                && point.time().compareTo(saved.lastSavepoint().time()) > 0), "the stop's savepoint is kept in the history: "
                + redeployed.savepoints());
        Await.until(WAIT, "v2 counts for every key", () -> CounterOutput.hasAllKeys(s.output(), "v2", 4));
        CounterOutput.firstCount(s.output(), "v2").forEach((key, first) -> {
            assertTrue(first > 1, key + ": restored from state, not from empty");
            assertTrue(first <= atSavepoint.get(key) + 30, key + ": back near the savepoint's count " + atSavepoint.get(key)
                    + ", not on from " + beforeRedeploy.get(key) + " (first v2 count " + first + ")");
            assertTrue(first < beforeRedeploy.get(key), key + ": the counters went back (first v2 count " + first
                    + ", last v1 count " + beforeRedeploy.get(key) + ")");
            assertTrue(CounterOutput.lines(s.output()).contains(new CounterOutput.Line(key, first - 1, "v1")),
                    key + ": the restored count " + (first - 1) + " is one v1 reached");
        });
    }
}
