package dev.flinkgitops.daemon;

import dev.flinkgitops.port.RescaleView;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.CounterOutput;
import dev.flinkgitops.testing.FlinkGitWorldExtension;
import dev.flinkgitops.testing.DaemonProcess;
import dev.flinkgitops.testing.Scenario;
import dev.flinkgitops.testing.StatusHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

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
        // In place only from a completed checkpoint: the adaptive scheduler restarts the tasks from the latest one.
        Await.until(WAIT, "a completed checkpoint", () -> WORLD.world().flink().checkpoints(first.job().id()).completed() > 0);
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
     * A daemon killed with the rescale's intent durable (before asking Flink), or right after asking: the next daemon
     * on the same work directory finishes the rescale in place from the status branch (the same job, at the new
     * parallelism, its state continued), and never falls back to an upgrade.
     */
    @ParameterizedTest(name = "crash at {0}")
    @ValueSource(strings = {"after-push:UPGRADING:RESCALING", "after-rescale-requested"})
    void aDaemonKilledMidRescaleIsFollowedByOneThatFinishesIt(String point) throws Exception {
        try (Scenario s = WORLD.world().scenario("crash-" + point.replace(':', '-'), null)) {
            crashAndFinish(s, point);
        }
    }

    private static void crashAndFinish(Scenario s, String point) {
        List<String> args = List.of("run", "--http", "127.0.0.1:0", "--repo", s.url(), "--cluster",
                "default=" + WORLD.world().cluster().restUrl(), "--savepoint-dir", s.dir().resolve("savepoints").toUri().toString(),
                "--jar-dir", s.dir().resolve("jars").toString(), "--work-dir", s.dir().resolve("children").toString(),
                "--interval", "1s", "--fast-interval", "100ms");
        StatusHistory history = new StatusHistory(s.bare(), "status");
        List<DaemonProcess> daemons = new ArrayList<>();
        try {
            String v1 = s.specs().write(FILE, s.spec("v1").replace("parallelism: 2", "parallelism: 1")).commitAndPush("v1");
            DaemonProcess a = DaemonProcess.start("a", s.dir().resolve("logs"), null, args);
            daemons.add(a);
            AppStatus first = Await.value(WAIT, "v1 RUNNING", () -> history.current(STATUS)
                    .filter(st -> st.phase() == Phase.RUNNING && v1.equals(st.specCommit())).orElse(null));
            Await.until(WAIT, "a completed checkpoint", () -> WORLD.world().flink().checkpoints(first.job().id()).completed() > 0);
            a.destroy();

            String scale = s.specs().write(FILE, s.spec("v1")).commitAndPush("parallelism 2");
            DaemonProcess b = DaemonProcess.start("b", s.dir().resolve("logs"), point, args);
            daemons.add(b);
            OptionalInt exit = b.waitForExit(WAIT);
            assertEquals(OptionalInt.of(DaemonProcess.KILLED), exit, "daemon B crashed at " + point + "\n" + b.tail(20));

            DaemonProcess c = DaemonProcess.start("c", s.dir().resolve("logs"), null, args);
            daemons.add(c);
            AppStatus done = Await.value(WAIT, "rescaled", () -> history.current(STATUS)
                    .filter(st -> st.phase() == Phase.RUNNING && scale.equals(st.specCommit()) && st.operation() == null)
                    .orElse(null));
            assertEquals(first.job().id(), done.job().id(), "the same job");
            assertEquals(2, done.job().parallelism());
            assertTrue(WORLD.world().flink().rescaleView(first.job().id()).runsAt(2));
            assertTrue(history.versions(STATUS).stream().noneMatch(st -> st.operation() != null
                    && st.operation().type() == dev.flinkgitops.status.OperationType.UPGRADE), "never an upgrade");
            Map<String, Long> before = CounterOutput.lastCount(s.output(), "v1");
            Await.until(WAIT, "every key counts on", () -> {
                Map<String, Long> now = CounterOutput.lastCount(s.output(), "v1");
                return before.keySet().stream().allMatch(key -> now.getOrDefault(key, 0L) > before.get(key) + 3);
            });
            assertNoCountStartedAgain(s);
        } finally {
            daemons.forEach(DaemonProcess::destroy);
        }
    }

    private static final String STATUS = "payments/orders.yaml";

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
