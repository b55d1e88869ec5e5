package dev.flinkgitops.daemon;

import dev.flinkgitops.port.JobState;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.CounterOutput;
import dev.flinkgitops.testing.FlinkGitWorldExtension;
import dev.flinkgitops.testing.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.flinkgitops.testing.Scenario.FILE;
import static dev.flinkgitops.testing.Scenario.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Found by {@link RandomKillIT}: a {@code last-state} upgrade that cannot use the job's checkpoint
 * (here: older than the allowed age) takes a savepoint instead, with stop-with-savepoint. The job
 * then ends FINISHED, and Flink discards its checkpoints (they are retained on cancellation only)
 * while its REST API keeps naming the latest one. The new job must start from the savepoint.
 *
 * <p>Failed before the fix (8526bde): {@code Steps.start} ran {@code LastState.staleCheckpoint} on the
 * FINISHED job and waited for ever ("Flink names checkpoint ... which no longer exists (a cached
 * answer): reading again before the restart"). Now that wait only applies to a checkpoint a restart
 * would use.
 */
class LastStateFallbackIT {

    @RegisterExtension
    static final FlinkGitWorldExtension WORLD = new FlinkGitWorldExtension();

    @Test
    void aLastStateUpgradeThatFallsBackToASavepointStartsTheNewJobFromIt() throws Exception {
        String tooOld = "\n    kubernetes.operator.job.upgrade.last-state.max.allowed.checkpoint.age: \"1 ms\"";
        try (Scenario s = WORLD.world().scenario("fallback", null)) {
            AppStatus first = s.deploy(s.specs().write(FILE, lastState(s, "v1", tooOld)).commitAndPush("v1"));
            Await.until(WAIT, "v1 counts and two completed checkpoints", () -> CounterOutput.hasAllKeys(s.output(), "v1", 4)
                    && WORLD.world().flink().checkpoints(first.job().id()).completed() >= 2);

            AppStatus upgraded = s.deploy(s.specs().write(FILE, lastState(s, "v2", tooOld)).commitAndPush("v2"));

            assertEquals(JobState.FINISHED, WORLD.world().state(first.job().id()), "v1 was stopped with a savepoint");
            assertEquals(upgraded.lastSavepoint().path(), upgraded.job().restoredFrom(), "v2 restored from that savepoint");
            Await.until(WAIT, "v2 counts for every key", () -> CounterOutput.hasAllKeys(s.output(), "v2", 4));
            CounterOutput.assertContinued(s.output(), "v1", "v2");
        }
    }

    private static String lastState(Scenario s, String tag, String configuration) {
        return s.spec(tag, configuration, "").replace("upgradeMode: savepoint", "upgradeMode: last-state");
    }
}
