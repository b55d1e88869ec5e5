package dev.flinkgitops.daemon;

import dev.flinkgitops.port.RescaleView;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.CounterOutput;
import dev.flinkgitops.testing.FlinkGitWorldExtension;
import dev.flinkgitops.testing.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashMap;
import java.util.Map;

import static dev.flinkgitops.testing.Scenario.FILE;
import static dev.flinkgitops.testing.Scenario.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rescale in place on a real Flink cluster with the adaptive scheduler: a change of {@code job.parallelism} alone is
 * asked of the running job ({@code PUT /jobs/:id/resource-requirements}); the job id stays, the parallelism changes,
 * and the keyed state continues (no key's count starts again at 1).
 */
class RescaleIT {

    @RegisterExtension
    static final FlinkGitWorldExtension WORLD = new FlinkGitWorldExtension(true);

    @Test
    void aParallelismChangeAloneRescalesTheRunningJobInPlace(TestInfo test) {
        Scenario s = WORLD.scenario(test);
        AppStatus first = s.deploy(s.specs().write(FILE, s.spec("v1").replace("parallelism: 2", "parallelism: 1"))
                .commitAndPush("v1 at parallelism 1"));
        Await.until(WAIT, "v1 counts", () -> CounterOutput.hasAllKeys(s.output(), "v1", 4));
        Map<String, Long> before = CounterOutput.lastCount(s.output(), "v1");

        String scale = s.specs().write(FILE, s.spec("v1")).commitAndPush("parallelism 2");
        AppStatus rescaled = s.deploy(scale);

        assertEquals(first.job().id(), rescaled.job().id(), "the same job: no restart through a savepoint");
        assertEquals(2, rescaled.job().parallelism(), "the status records the new parallelism");
        assertEquals(Phase.RUNNING, rescaled.phase());
        assertNull(rescaled.operation());
        assertTrue(rescaled.message().contains("rescaled in place to parallelism 2"), rescaled.message());
        assertEquals(first.savepoints(), rescaled.savepoints(), "no savepoint was taken");
        RescaleView view = WORLD.world().flink().rescaleView(first.job().id());
        assertTrue(view.runsAt(2), "Flink runs every vertex at 2: " + view.running());
        Await.until(WAIT, "every key counts past where it was", () -> {
            Map<String, Long> now = CounterOutput.lastCount(s.output(), "v1");
            return before.keySet().stream().allMatch(key -> now.getOrDefault(key, 0L) > before.get(key) + 5);
        });
        assertNoCountStartedAgain(s);
    }

    /**
     * The state continued: every key counted 1 once. (The adaptive scheduler restarts the job's tasks from their
     * latest checkpoint, so counts after it may be written twice; a lost state would write a second 1.)
     */
    private static void assertNoCountStartedAgain(Scenario s) {
        Map<String, Integer> ones = new HashMap<>();
        CounterOutput.lines(s.output()).stream().filter(line -> line.count() == 1)
                .forEach(line -> ones.merge(line.key(), 1, Integer::sum));
        assertEquals(4, ones.size(), ones.toString());
        ones.forEach((key, count) -> assertEquals(1, count, key + " counted 1 " + count + " times: its state was lost"));
    }
}
