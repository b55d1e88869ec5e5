package dev.flinkgitops.cli;

import dev.flinkgitops.config.DaemonConfig;
import dev.flinkgitops.daemon.Daemon;
import dev.flinkgitops.daemon.Wiring;
import dev.flinkgitops.server.HttpEndpoints;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.Phase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * {@code flink-gitops demo}: the example repository in a scratch git repository, the daemon on
 * an embedded Flink cluster, and one savepoint-guarded upgrade a person can follow.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Copies example-repo/ into a scratch git repository, starts the daemon with an embedded Flink",
            "cluster, deploys the example apps, commits a change to one spec and shows the savepoint-guarded",
            "upgrade, the counters continuing from the savepoint, and the status branch's git log.",
            "Then keeps running so you can commit more changes (Ctrl-C stops it)."})
final class DemoCommand implements Callable<Integer> {

    static final AppId UPGRADED = new AppId("payments", "orders-counter");
    static final String UPGRADED_FILE = "apps/payments/orders-counter.yaml";

    @Option(names = "--from", defaultValue = "example-repo", description = "The example repository to copy (default: ${DEFAULT-VALUE}).")
    Path from;

    @Option(names = "--dir", description = "Scratch directory (default: a new temporary directory).")
    Path dir;

    @Option(names = "--exit", description = "Exit after the upgrade instead of running on.")
    boolean exit;

    @Option(names = "--timeout", defaultValue = "120s", converter = DurationConverter.class,
            description = "How long each demo step may take (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--http", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080", converter = SettingConverters.Bind.class,
            description = "Serve the pages, /metrics and /healthz here; 'off' for none (default: ${DEFAULT-VALUE}).")
    String http;

    @Mixin
    DaemonOptions options = new DaemonOptions();

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Path scratch = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("flink-gitops-demo-");
        DemoRepository repo = DemoRepository.create(from, scratch);
        out.printf("==> scratch spec repository: %s (remote %s)%n", repo.work(), repo.remoteUrl());
        DaemonConfig config = config(options, repo, scratch);
        try (Daemon daemon = Wiring.daemon(config, Clock.systemUTC()); HttpEndpoints endpoints = pages(daemon, http)) {
            Thread loop = new Thread(daemon::run, "flink-gitops-daemon");
            loop.setDaemon(true);
            loop.start();
            out.printf("==> embedded Flink cluster: %s (web UI)%n", daemon.embeddedUrl().map(Object::toString).orElse("-"));
            out.printf("==> flink-gitops pages:     %s (the fleet; each app at apps/<namespace>/<name>)%n",
                    endpoints == null ? "- (--http off)" : endpoints.address());
            DemoSteps steps = new DemoSteps(daemon, repo, out, timeout);
            steps.deployAll();
            steps.upgradeOne();
            steps.showStatusLog();
            out.printf("%n==> The daemon keeps running. Edit specs in %s, then: git commit -am '...' && git push%n", repo.work());
            out.printf("    Status history: git -C %s fetch && git -C %s log origin/status%n", repo.work(), repo.work());
            if (exit) {
                daemon.stop();
                return 0;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(daemon::stopAndAwaitClose, "flink-gitops-demo-shutdown"));
            loop.join();
            return 0;
        }
    }

    /** The demo's daemon settings: the scratch repository, polled every 2 s, working under {@code scratch/daemon}. */
    static DaemonConfig config(DaemonOptions options, DemoRepository repo, Path scratch) {
        return options.toConfig(repo.remoteUrl())
                .withTiming(timing -> timing.withIntervals(Duration.ofSeconds(2), timing.fastInterval()))
                .withWorkDir(scratch.resolve("daemon").toAbsolutePath());
    }

    /** The daemon's HTTP port with its pages (no webhook), started; null for {@code off}. */
    static HttpEndpoints pages(Daemon daemon, String bind) throws java.io.IOException {
        if ("off".equals(bind)) {
            return null;
        }
        HttpEndpoints endpoints = new HttpEndpoints(new HttpEndpoints.Options(RunCommand.address(bind),
                HttpEndpoints.Options.DEFAULT_MAX_WEBHOOK_BYTES), daemon.metrics(), daemon::notReadyReason,
                java.util.Optional.empty(), daemon::wake, daemon.pages());
        endpoints.start();
        return endpoints;
    }

    /** True when the app runs the given spec commit. */
    static Predicate<Map<AppId, AppStatus>> running(AppId app, String commit) {
        return statuses -> {
            AppStatus status = statuses.get(app);
            return status != null && status.phase() == Phase.RUNNING && status.operation() == null
                    && (commit == null || commit.equals(status.specCommit()));
        };
    }
}
