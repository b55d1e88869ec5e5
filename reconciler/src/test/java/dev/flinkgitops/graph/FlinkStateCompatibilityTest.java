package dev.flinkgitops.graph;

import dev.flinkgitops.port.RestoreCompatibility;
import dev.flinkgitops.port.StateCompatibility;
import dev.flinkgitops.testing.ExampleJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The check with Flink's own classes, against a real savepoint of the example job
 * ({@code restore-points/counter-v1}): what it cannot check is said, never passed.
 */
class FlinkStateCompatibilityTest {

    @TempDir
    Path dir;

    private final FlinkStateCompatibility check = new FlinkStateCompatibility(Path::of, Duration.ofSeconds(30), true);

    private String savepoint() throws Exception {
        Path savepoint = Files.createDirectories(dir.resolve("savepoint-1"));
        Files.copy(Path.of("src/test/resources/restore-points/counter-v1/_metadata"), savepoint.resolve("_metadata"));
        return savepoint.toUri().toString();
    }

    private static StateCompatibility.Job job(String entryClass, List<String> args) {
        return new StateCompatibility.Job(ExampleJob.jar().toString(), entryClass, args, Map.of(), 2, false);
    }

    @Test
    void theSameVersionKeepsEveryStatefulOperatorAndTheMetadataFileItselfIsAPointerToo() throws Exception {
        String savepoint = savepoint();
        RestoreCompatibility result = check.check(job(ExampleJob.ENTRY_CLASS, List.of("--tag", "v2")), savepoint);
        assertEquals(RestoreCompatibility.Result.COMPATIBLE, result.result(), result.toString());
        assertEquals(List.of("numbers", "count-per-key"), result.kept().stream().map(RestoreCompatibility.Operator::uid).toList());
        assertTrue(result.headline().contains(RestoreCompatibility.SERIALIZERS), result.headline());
        RestoreCompatibility viaFile = check.check(job(ExampleJob.ENTRY_CLASS, List.of()), savepoint + "_metadata");
        assertEquals(RestoreCompatibility.Result.COMPATIBLE, viaFile.result(), viaFile.toString());
    }

    /**
     * What the check adds to an upgrade of the example job (issue 15's target: at most 2 s): after the daemon's
     * warm-up at start (Flink's graph classes loaded in the background), the first check in a JVM (the jar's
     * class loader built, the metadata reader loaded) and the following ones. Printed as {@code [timing]}; run
     * alone for the first-check figure.
     */
    @Test
    void theCostOfOneCheckOnTheExampleJob() throws Exception {
        String savepoint = savepoint();
        long warming = System.nanoTime();
        WarmUp.start().join();
        System.out.printf("[timing] state-compatibility warm-up (in the background at daemon start): %d ms%n",
                (System.nanoTime() - warming) / 1_000_000);
        long[] millis = new long[6];
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            RestoreCompatibility result = check.check(job(ExampleJob.ENTRY_CLASS, List.of("--tag", "v" + i)), savepoint);
            millis[i] = (System.nanoTime() - start) / 1_000_000;
            assertEquals(RestoreCompatibility.Result.COMPATIBLE, result.result(), result.toString());
        }
        long[] warm = java.util.Arrays.copyOfRange(millis, 1, millis.length);
        java.util.Arrays.sort(warm);
        System.out.printf("[timing] state-compatibility check of the example job: first %d ms, then median %d ms (%d-%d, n=%d)%n",
                millis[0], warm[warm.length / 2], warm[0], warm[warm.length - 1], warm.length);
    }

    /** Flink's REST answer may name a checkpoint it has replaced since: the newest checkpoint beside it is read. */
    @Test
    void aReplacedCheckpointIsReadAsTheNewestBesideIt() throws Exception {
        Path job = Files.createDirectories(dir.resolve("checkpoints/job"));
        for (String checkpoint : new String[] {"chk-3", "chk-12"}) {
            Files.createDirectories(job.resolve(checkpoint));
            Files.copy(Path.of("src/test/resources/restore-points/counter-v1/_metadata"), job.resolve(checkpoint + "/_metadata"));
        }
        Files.createDirectories(job.resolve("chk-13"));
        RestoreCompatibility result = check.check(job(ExampleJob.ENTRY_CLASS, List.of()), job.resolve("chk-7").toUri().toString());
        assertEquals(RestoreCompatibility.Result.COMPATIBLE, result.result(), result.toString());
        assertTrue(result.restorePoint().endsWith("/checkpoints/job/chk-12"), result.restorePoint());
    }

    @Test
    void whatCannotBeReadIsNotCheckedWithTheReason() throws Exception {
        RestoreCompatibility none = check.check(job(ExampleJob.ENTRY_CLASS, List.of()), null);
        assertEquals(RestoreCompatibility.Result.NOT_CHECKED, none.result());
        assertEquals("state compatibility not checked: no restore point is known", none.headline());

        RestoreCompatibility missing = check.check(job(ExampleJob.ENTRY_CLASS, List.of()), dir.resolve("gone").toUri().toString());
        assertEquals(RestoreCompatibility.Result.NOT_CHECKED, missing.result());
        assertTrue(missing.reason().startsWith("its metadata cannot be read here"), missing.reason());

        Path garbage = Files.createDirectories(dir.resolve("garbage"));
        Files.writeString(garbage.resolve("_metadata"), "not a savepoint");
        RestoreCompatibility unreadable = check.check(job(ExampleJob.ENTRY_CLASS, List.of()), garbage.toUri().toString());
        assertEquals(RestoreCompatibility.Result.NOT_CHECKED, unreadable.result(), unreadable.toString());

        FlinkStateCompatibility noJar = new FlinkStateCompatibility(uri -> {
            throw new IllegalStateException("jarURI " + uri + ": not found");
        }, Duration.ofSeconds(30), true);
        RestoreCompatibility jarless = noJar.check(job(ExampleJob.ENTRY_CLASS, List.of()), savepoint());
        assertEquals(RestoreCompatibility.Result.NOT_CHECKED, jarless.result());
        assertTrue(jarless.reason().contains("not found"), jarless.reason());
    }

    @Test
    void aMainThatFailsOrAnUnknownEntryClassIsReportedWithItsError() throws Exception {
        String savepoint = savepoint();
        RestoreCompatibility failing = check.check(job(ExampleJob.ENTRY_CLASS, List.of("--keys", "0")), savepoint);
        assertEquals(RestoreCompatibility.Result.FAILED, failing.result());
        assertTrue(failing.reason().contains("--keys must be at least 1"), failing.reason());
        RestoreCompatibility unknown = check.check(job("dev.flinkgitops.example.NoSuchJob", List.of()), savepoint);
        assertEquals(RestoreCompatibility.Result.FAILED, unknown.result());
        assertTrue(unknown.reason().contains("NoSuchJob"), unknown.reason());
    }

    /** A main that takes longer than the limit is left behind (interrupted), and the check says so. */
    @Test
    void aMainOverTheTimeLimitIsReported() throws Exception {
        RestoreCompatibility slow = new FlinkStateCompatibility(Path::of, Duration.ofMillis(1), true)
                .check(job(ExampleJob.ENTRY_CLASS, List.of()), savepoint());
        assertEquals(RestoreCompatibility.Result.FAILED, slow.result());
        assertEquals("the jar's main did not build a job graph within 1 ms", slow.reason());
    }
}
