package dev.flinkgitops.compat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Flink version matrix: for each selected Flink version ({@code -Dcompat.versions}, default all
 * nine), a session cluster of that version in its own JVM, the counter job compiled for it, and the
 * daemon jar deploying, upgrading with savepoint and last-state, rescaling, suspending, resuming,
 * snapshotting and deleting it, with the job's keyed state checked after each step
 * ({@link CompatScenario}). The table of results is {@code compat/target/compat/results.md}.
 */
class CompatIT {

    private static final MatrixResults RESULTS = new MatrixResults();

    static List<String> versions() {
        return FlinkVersions.select(CompatSettings.versions());
    }

    @ParameterizedTest(name = "Flink {0}")
    @MethodSource("versions")
    void everyLifecycleStepKeepsTheJobsState(String version) throws Exception {
        long start = System.currentTimeMillis();
        List<String> failures = new ArrayList<>();
        try {
            FlinkBuild build = FlinkBuild.of(version);
            Path dir = Files.createDirectories(CompatSettings.work().resolve(version).resolve("run-" + start));
            try (CompatWorld world = CompatWorld.start(build, dir)) {
                assertEquals(version, world.flink().version(), "the cluster runs the version under test");
                RESULTS.record(version, "set-up", "pass");
                for (CompatScenario.Step step : new CompatScenario(world, build, version).steps()) {
                    if (!failures.isEmpty()) {
                        break;
                    }
                    run(version, step, failures);
                }
            }
        } catch (Exception | AssertionError e) {
            RESULTS.record(version, failures.isEmpty() ? "set-up" : "tear-down", "FAIL: " + firstLine(e));
            throw e;
        } finally {
            RESULTS.took(version, System.currentTimeMillis() - start);
            RESULTS.write(CompatSettings.work().resolve("results.md"));
        }
        assertEquals(List.of(), failures, "Flink " + version);
    }

    private static void run(String version, CompatScenario.Step step, List<String> failures) {
        try {
            step.run().run();
            RESULTS.record(version, step.name(), "pass");
        } catch (RuntimeException | AssertionError e) {
            RESULTS.record(version, step.name(), "FAIL: " + firstLine(e));
            failures.add(step.name() + ": " + e);
            e.printStackTrace();
        }
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        String line = message.lines().findFirst().orElse(message);
        return (line.length() > 120 ? line.substring(0, 120) + "…" : line).replace('|', '/');
    }

    @AfterAll
    static void table() {
        System.out.println("Flink version matrix:\n" + RESULTS.markdown());
    }
}
