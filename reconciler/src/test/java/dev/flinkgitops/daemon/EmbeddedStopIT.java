package dev.flinkgitops.daemon;

import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.CounterOutput;
import dev.flinkgitops.testing.DaemonProcess;
import dev.flinkgitops.testing.GitServer;
import dev.flinkgitops.testing.SpecRepo;
import dev.flinkgitops.testing.StatusHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Local mode: the daemon runs its jobs on an embedded cluster that ends with it. Stopped with
 * SIGTERM (Ctrl-C), it first takes and records a savepoint of each stateful job, and the next
 * start restores from it: the counts go on from where they were, not from an older savepoint
 * (here there is none: without the final savepoint the counts would start again at 1).
 */
class EmbeddedStopIT {

    private static final int KEYS = 4;
    private static final String STATUS_FILE = "team/counter.yaml";

    @TempDir
    Path dir;

    @Test
    void aStoppedDaemonSavesItsJobsAndTheNextStartGoesOnFromThere() throws Exception {
        Path out = dir.resolve("out");
        try (GitServer git = GitServer.start(dir.resolve("git"))) {
            String url = git.createRepository("specs.git");
            try (SpecRepo specs = SpecRepo.create(dir.resolve("specs"), url)) {
                specs.write("apps/team/counter.yaml", spec(out)).commitAndPush("counter");
            }
            StatusHistory status = new StatusHistory(git.path("specs.git"), "status");
            List<String> args = List.of("run", "--repo", url, "--embedded-port", "0", "--http", "off",
                    "--work-dir", dir.resolve("work").toString(), "--interval", "1s");

            DaemonProcess first = DaemonProcess.start("first", dir.resolve("logs"), null, args);
            try {
                Await.until(Duration.ofSeconds(90), "every key counted past 5", () -> {
                    Map<String, Long> counts = CounterOutput.lastCount(out, "v1");
                    return counts.size() == KEYS && counts.values().stream().allMatch(c -> c >= 5);
                });
            } finally {
                first.destroy(); // SIGTERM, as Ctrl-C or Kubernetes would
            }
            assertTrue(first.waitForExit(Duration.ofSeconds(30)).isPresent(), first.tail(30));
            Map<String, Long> before = CounterOutput.lastCount(out, "v1");
            Set<Path> oldFiles = files(out);

            AppStatus stopped = status.current(STATUS_FILE).orElseThrow();
            assertTrue(stopped.lastSavepoint() != null && stopped.lastSavepoint().reason().equals("final"),
                    "a final savepoint is recorded on the status branch: " + stopped + "\n" + first.tail(30));
            assertTrue(first.stdout().contains("final savepoints recorded"), first.tail(30));

            DaemonProcess second = DaemonProcess.start("second", dir.resolve("logs"), null, args);
            try {
                Map<String, Long> firstAfter = Await.value(Duration.ofSeconds(90), "counts after the restart",
                        () -> firstCounts(out, oldFiles));
                for (String key : before.keySet()) {
                    long resumed = firstAfter.get(key);
                    assertTrue(resumed > 1 && resumed <= before.get(key) + 1,
                            key + ": the restarted job goes on from the final savepoint (count " + resumed + ", "
                                    + before.get(key) + " before the stop)");
                }
                AppStatus restarted = Await.value(Duration.ofSeconds(30), "the job restarted",
                        () -> status.current(STATUS_FILE).filter(s -> s.job() != null
                                && !s.job().id().equals(stopped.job().id())).orElse(null));
                assertEquals(stopped.lastSavepoint().path(), restarted.job().restoredFrom());
            } finally {
                second.destroy();
            }
        }
    }

    /** The first count of every key in the files written after the restart; null until every key has one. */
    private static Map<String, Long> firstCounts(Path out, Set<Path> oldFiles) {
        Map<String, Long> first = new HashMap<>();
        for (Path file : files(out)) {
            if (oldFiles.contains(file)) {
                continue;
            }
            try (Stream<String> lines = Files.lines(file)) {
                lines.map(l -> l.split(" ")).filter(p -> p.length == 3)
                        .forEach(p -> first.merge(p[0], Long.parseLong(p[1]), Math::min));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return first.size() == KEYS ? first : null;
    }

    private static Set<Path> files(Path out) {
        try (Stream<Path> files = Files.list(out)) {
            return files.filter(f -> f.getFileName().toString().startsWith("counts-")).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String spec(Path out) {
        return """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkSessionJob
                metadata:
                  name: counter
                  namespace: team
                spec:
                  deploymentName: default
                  job:
                    jarURI: local:///opt/flink/usrlib/flink-gitops-example-job.jar
                    entryClass: dev.flinkgitops.example.CounterJob
                    args: ["--tag", "v1", "--keys", "%d", "--rate", "40", "--output", "%s"]
                    parallelism: 1
                    upgradeMode: savepoint
                """.formatted(KEYS, out);
    }
}
