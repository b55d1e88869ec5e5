package dev.flinkgitops.testing;

import dev.flinkgitops.config.DaemonConfig;
import dev.flinkgitops.daemon.Daemon;
import dev.flinkgitops.daemon.Wiring;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.Phase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** One integration test's repository, spec clone and in-process daemon, driven tick by tick. */
public final class Scenario implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(60);
    public static final AppId APP = new AppId("payments", "orders");
    public static final String FILE = "apps/payments/orders.yaml";

    private final FlinkGitWorld world;
    private final Path dir;
    private final String name;
    private final String url;
    private final SpecRepo specs;
    private final Daemon daemon;

    private Scenario(FlinkGitWorld world, Path dir, String name, String url, SpecRepo specs, Daemon daemon) {
        this.world = world;
        this.dir = dir;
        this.name = name;
        this.url = url;
        this.specs = specs;
        this.daemon = daemon;
    }

    static Scenario create(FlinkGitWorld world, Path dir, String name, String savepointDir,
            java.util.function.UnaryOperator<String> daemonUrl, URI flinkUrl, Duration flinkTimeout, Duration pollInterval) {
        try {
            Files.createDirectories(dir);
            String url = world.git().createRepository(name + ".git");
            SpecRepo specs = SpecRepo.create(dir.resolve("specs"), url);
            Path jars = Files.createDirectories(dir.resolve("jars"));
            Files.copy(ExampleJob.jar(), jars.resolve(ExampleJob.JAR_NAME));
            DaemonConfig config = DaemonConfig.of(daemonUrl.apply(url)).withWorkDir(dir.resolve("daemon"))
                    .withTiming(timing -> timing.withIntervals(pollInterval, Duration.ofMillis(100)))
                    .withFlink(flink -> flink.withClusters(Map.of("default", flinkUrl))
                            .withSavepointDir(savepointDir != null ? savepointDir : dir.resolve("savepoints").toUri().toString())
                            .withJarDirs(List.of(jars)).withTimeout(flinkTimeout));
            return new Scenario(world, dir, name, url, specs, Wiring.daemon(config, Clock.systemUTC()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The example counter job as payments/orders, with extra Flink configuration lines and job fields. */
    public String spec(String tag, String extraConfiguration, String extraJob) {
        return """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkDeployment
                metadata:
                  name: orders
                  namespace: payments
                spec:
                  flinkConfiguration:
                    execution.checkpointing.interval: "1s"%s
                  job:
                    jarURI: local:///opt/flink/usrlib/%s
                    entryClass: %s
                    args: ["--tag", "%s", "--rate", "40", "--output", "%s"]
                    parallelism: 2
                    upgradeMode: savepoint
                """.formatted(extraConfiguration, ExampleJob.JAR_NAME, ExampleJob.ENTRY_CLASS, tag, output()) + extraJob;
    }

    public String spec(String tag) {
        return spec(tag, "", "");
    }

    public Path output() {
        return dir.resolve("output");
    }

    public Path dir() {
        return dir;
    }

    public String url() {
        return url;
    }

    public SpecRepo specs() {
        return specs;
    }

    public Daemon daemon() {
        return daemon;
    }

    public FlinkGitWorld world() {
        return world;
    }

    /** The remote's bare repository. */
    public Path bare() {
        return world.git().path(name + ".git");
    }

    public RemoteStatus remoteStatus() {
        return RemoteStatus.read(bare());
    }

    /** Ticks until {@code app}'s status satisfies {@code done}; returns that status. */
    public AppStatus tickUntil(AppId app, String what, Predicate<AppStatus> done) {
        return Await.value(WAIT, what, () -> {
            daemon.tickOnce();
            AppStatus status = daemon.statuses().get(app);
            return status != null && done.test(status) ? status : null;
        });
    }

    public AppStatus tickUntil(String what, Predicate<AppStatus> done) {
        return tickUntil(APP, what, done);
    }

    /** Ticks until payments/orders runs (ready) the spec of {@code commit}. */
    public AppStatus deploy(String commit) {
        return tickUntil("job RUNNING for " + commit, s -> s.phase() == Phase.RUNNING && commit.equals(s.specCommit()));
    }

    @Override
    public void close() throws Exception {
        daemon.close();
        specs.close();
        world.cancelAll();
    }
}
