package dev.flinkgitops.compat;

import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.DaemonProcess;
import dev.flinkgitops.testing.GitServer;
import dev.flinkgitops.testing.RemoteStatus;
import dev.flinkgitops.testing.SpecRepo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * One version's world, every part a process of its own: a Flink session cluster of that version
 * ({@link VersionedCluster}), a spec repository served by {@code git daemon}, and the daemon jar as
 * shipped ({@code java -jar flink-gitops.jar run}, polling every second) on that cluster.
 */
final class CompatWorld implements AutoCloseable {

    static final Duration WAIT = Duration.ofMinutes(2);
    private static final String REPOSITORY = "specs.git";

    private final Path dir;
    private final VersionedCluster cluster;
    private final FlinkProbe flink;
    private final GitServer git;
    private final SpecRepo specs;
    private final DaemonProcess daemon;

    private CompatWorld(Path dir, VersionedCluster cluster, GitServer git, SpecRepo specs, DaemonProcess daemon) {
        this.dir = dir;
        this.cluster = cluster;
        this.flink = new FlinkProbe(cluster.restUrl());
        this.git = git;
        this.specs = specs;
        this.daemon = daemon;
    }

    static CompatWorld start(FlinkBuild build, Path dir) throws IOException {
        VersionedCluster cluster = VersionedCluster.start(build, dir.resolve("flink"), 4);
        GitServer git = null;
        try {
            git = GitServer.start(dir.resolve("git"));
            String url = git.createRepository(REPOSITORY);
            SpecRepo specs = SpecRepo.create(dir.resolve("specs"), url);
            specs.write("apps/README.md", "specs of the Flink " + build.version() + " matrix run\n").commitAndPush("empty");
            DaemonProcess daemon = DaemonProcess.start("daemon", dir.resolve("logs"), null, List.of("run",
                    "--repo", url, "--cluster", "default=" + cluster.restUrl(), "--http", "127.0.0.1:" + GitServer.freePort(),
                    "--work-dir", dir.resolve("daemon").toString(), "--interval", "1s",
                    "--savepoint-dir", dir.resolve("savepoints").toUri().toString()));
            return new CompatWorld(dir, cluster, git, specs, daemon);
        } catch (IOException | RuntimeException e) {
            if (git != null) {
                git.close();
            }
            cluster.close();
            throw e;
        }
    }

    FlinkProbe flink() {
        return flink;
    }

    Path dir() {
        return dir;
    }

    /** Commits the spec (or, with {@code delete}, its removal) and pushes it. */
    void commit(CounterSpec spec, String message) {
        specs.write(spec.file(), spec.yaml()).commitAndPush(message);
    }

    void delete(CounterSpec spec, String message) {
        specs.delete(spec.file()).commitAndPush(message);
    }

    /** The app's record on the status branch, or null while it has none. */
    AppRecord record(CounterSpec spec) {
        RemoteStatus status = RemoteStatus.read(git.path(REPOSITORY));
        try {
            String file = status.tip() == null ? null : status.file(CounterSpec.NAMESPACE + "/" + spec.name() + ".yaml");
            return file == null ? null : AppRecord.parse(file);
        } finally {
            status.repository().close();
        }
    }

    /** Waits until the app's record satisfies {@code condition}; fails with the record and the daemon's log tail. */
    AppRecord await(CounterSpec spec, String what, Predicate<AppRecord> condition) {
        AtomicReference<AppRecord> last = new AtomicReference<>();
        try {
            return Await.value(WAIT, what, () -> {
                AppRecord record = record(spec);
                last.set(record);
                return record != null && condition.test(record) ? record : null;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nlast status: " + last.get() + "\n" + daemon.tail(30)
                    + "\nFlink log: " + cluster.log(), e);
        }
    }

    @Override
    public void close() {
        daemon.close();
        specs.close();
        git.close();
        cluster.close();
    }
}
