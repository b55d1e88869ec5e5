package dev.flinkgitops.cli;

import dev.flinkgitops.daemon.Daemon;
import dev.flinkgitops.daemon.Wiring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code flink-gitops run}: the daemon. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the reconciler daemon: polls the spec repository, validates every spec, compares it with",
            "live Flink, applies changes with savepoint-guarded upgrades, and records status on the status branch.",
            "Without --cluster it starts an embedded Flink cluster (web UI on http://127.0.0.1:8081)."})
final class RunCommand implements Callable<Integer> {

    @Option(names = "--repo", required = true, paramLabel = "URL",
            description = "The spec repository: a path, file://, git://, or http(s):// URL.")
    String repo;

    @Option(names = "--once", description = "Run one tick and exit (exit code 1 if it failed).")
    boolean once;

    @Mixin
    DaemonOptions options = new DaemonOptions();

    @Override
    public Integer call() throws Exception {
        try (Daemon daemon = Wiring.daemon(options.toConfig(repo), Clock.systemUTC())) {
            if (once) {
                daemon.tickOnce();
                return 0;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(daemon::stop, "flink-gitops-shutdown"));
            daemon.run();
            return 0;
        }
    }
}
