package dev.flinkgitops.daemon;

import dev.flinkgitops.status.Phase;
import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.CounterOutput;
import dev.flinkgitops.testing.DaemonProcess;
import dev.flinkgitops.testing.ExampleJob;
import dev.flinkgitops.testing.FlinkGitWorld;
import dev.flinkgitops.testing.FlinkGitWorldExtension;
import dev.flinkgitops.testing.SpecRepo;
import dev.flinkgitops.testing.StatusHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Found by {@link RandomKillIT} (seed 6457803752203807660): a daemon resumes a suspended
 * {@code savepoint} app, submits the job and dies before recording it; a newer commit arrives
 * before the next daemon starts. That daemon does not expect the orphaned job (its id derives from
 * the older commit), stops it with a savepoint as a stray, and starts the newer version from the
 * recorded suspend savepoint: what the orphan counted is counted again (the counters go back).
 *
 * <p>Failed before the fix: now such a job is adopted as the app's lost successor when the recorded
 * job is not alive and the spec wants the app running ({@code plan/Strays}), then upgraded to the
 * head with a savepoint.
 */
class OrphanedSuccessorIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String FILE = "apps/kills/alpha.yaml";
    private static final String STATUS = "kills/alpha.yaml";

    @RegisterExtension
    static final FlinkGitWorldExtension WORLD = new FlinkGitWorldExtension();

    @Test
    void aJobSubmittedByACrashedDaemonForAnOlderCommitDoesNotSendTheCountersBack() throws Exception {
        FlinkGitWorld world = WORLD.world();
        Path dir = Files.createDirectories(WORLD.root().resolve("orphan"));
        String url = world.git().createRepository("orphan.git");
        StatusHistory status = new StatusHistory(world.git().path("orphan.git"), "status");
        Path jars = Files.createDirectories(dir.resolve("jars"));
        Files.copy(ExampleJob.jar(), jars.resolve(ExampleJob.JAR_NAME));
        List<String> args = List.of("run", "--http", "127.0.0.1:0", "--repo", url, "--cluster", "default=" + world.cluster().restUrl(),
                "--savepoint-dir", dir.resolve("savepoints").toUri().toString(), "--jar-dir", jars.toString(),
                "--work-dir", dir.resolve("work").toString(), "--interval", "1s", "--fast-interval", "100ms");
        Path output = dir.resolve("output");
        try (SpecRepo specs = SpecRepo.create(dir.resolve("specs"), url)) {
            String v1 = specs.write(FILE, spec("alpha-v1", "running", output)).commitAndPush("v1");
            try (DaemonProcess a = DaemonProcess.start("a", dir.resolve("logs"), null, args)) {
                Await.until(WAIT, "v1 counts", () -> CounterOutput.hasAllKeys(output, "alpha-v1", 4)
                        && status.current(STATUS).filter(s -> s.phase() == Phase.RUNNING && v1.equals(s.specCommit())).isPresent());
                String suspend = specs.write(FILE, spec("alpha-v1", "suspended", output)).commitAndPush("suspend");
                Await.until(WAIT, "SUSPENDED", () -> status.current(STATUS)
                        .filter(s -> s.phase() == Phase.SUSPENDED && suspend.equals(s.specCommit())).isPresent());
            }
            specs.write(FILE, spec("alpha-v2", "running", output)).commitAndPush("resume as v2");
            try (DaemonProcess b = DaemonProcess.start("b", dir.resolve("logs"), "after-submit", args)) {
                assertEquals(DaemonProcess.KILLED, b.waitForExit(WAIT).orElse(-1), "daemon b died after the submit\n" + b.tail(20));
            }
            Await.until(WAIT, "the orphaned v2 job counts", () -> CounterOutput.hasAllKeys(output, "alpha-v2", 4));
            String v3 = specs.write(FILE, spec("alpha-v3", "running", output)).commitAndPush("v3");
            try (DaemonProcess c = DaemonProcess.start("c", dir.resolve("logs"), null, args)) {
                Await.until(WAIT, "v3 RUNNING and counting", () -> CounterOutput.hasAllKeys(output, "alpha-v3", 4)
                        && status.current(STATUS).filter(s -> s.phase() == Phase.RUNNING && v3.equals(s.specCommit())).isPresent());
            }
            assertEquals(List.of(), FaultInvariants.countersContinued("alpha", false, List.of("alpha-v1", "alpha-v2", "alpha-v3"),
                    CounterOutput.lines(output)), "counters after an orphaned successor");
        } finally {
            world.cancelAll();
        }
    }

    private static String spec(String tag, String state, Path output) {
        return ExampleJob.spec("alpha", "kills", tag, 4, output, "savepoint", state);
    }
}
