package dev.flinkgitops.daemon;

import dev.flinkgitops.config.DaemonConfig;
import dev.flinkgitops.graph.FlinkStateCompatibility;
import dev.flinkgitops.jars.JarResolver;
import dev.flinkgitops.port.RestoreCompatibility;
import dev.flinkgitops.port.StateCompatibility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The daemon's check before an upgrade's stop: Flink's graph check by default; turned off, one that says so on every upgrade. */
class WiringStateCheckTest {

    @TempDir
    Path dir;

    private final StateCompatibility.Job job = new StateCompatibility.Job("local:///opt/jobs/counter.jar",
            "dev.flinkgitops.example.CounterJob", List.of(), Map.of(), 1, false);

    private StateCompatibility wired(boolean stateCheck) {
        DaemonConfig config = DaemonConfig.of("repo").withStateCheck(stateCheck);
        return Wiring.stateCompatibility(config, new JarResolver(List.of(), dir.resolve("jar-cache")));
    }

    @Test
    void turnedOffEveryUpgradeIsNotCheckedAndSaysWhy() {
        RestoreCompatibility answer = wired(false).check(job, dir.resolve("savepoint-1").toString());
        assertFalse(answer.checked());
        assertEquals(RestoreCompatibility.Result.NOT_CHECKED, answer.result());
        assertEquals("state compatibility not checked: turned off with --no-state-check", answer.headline());
    }

    @Test
    void byDefaultTheNewVersionsGraphIsCheckedAgainstTheRestorePoint() {
        assertInstanceOf(FlinkStateCompatibility.class, Wiring.stateCompatibility(DaemonConfig.of("repo"),
                new JarResolver(List.of(), dir.resolve("jar-cache"))));
    }
}
