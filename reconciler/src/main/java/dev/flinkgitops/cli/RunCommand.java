package dev.flinkgitops.cli;

import dev.flinkgitops.daemon.Daemon;
import dev.flinkgitops.daemon.Wiring;
import dev.flinkgitops.server.HttpEndpoints;
import dev.flinkgitops.server.WebhookSecret;
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

    @Option(names = "--http", defaultValue = "0.0.0.0:8080", paramLabel = "HOST:PORT",
            description = "Serve /metrics, /healthz, /readyz and POST /webhook here; 'off' for none (default: ${DEFAULT-VALUE}).")
    String http;

    @Option(names = "--webhook-secret-env", paramLabel = "VAR",
            description = "Environment variable holding the webhook secret (GitHub HMAC key or GitLab token).")
    String webhookSecretEnv;

    @Option(names = "--webhook-secret-file", paramLabel = "FILE", description = "File holding the webhook secret.")
    java.nio.file.Path webhookSecretFile;

    @Mixin
    DaemonOptions options = new DaemonOptions();

    @Override
    public Integer call() throws Exception {
        try (Daemon daemon = Wiring.daemon(options.toConfig(repo), Clock.systemUTC());
                HttpEndpoints endpoints = endpoints(daemon)) {
            if (once) {
                daemon.tickOnce();
                return 0;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(daemon::stop, "flink-gitops-shutdown"));
            daemon.run();
            return 0;
        }
    }

    private HttpEndpoints endpoints(Daemon daemon) throws java.io.IOException {
        if ("off".equals(http)) {
            return null;
        }
        int colon = http.lastIndexOf(':');
        java.net.InetSocketAddress bind = new java.net.InetSocketAddress(http.substring(0, colon),
                Integer.parseInt(http.substring(colon + 1)));
        HttpEndpoints endpoints = new HttpEndpoints(new HttpEndpoints.Options(bind, HttpEndpoints.Options.defaults().maxWebhookBytes()),
                daemon.metrics(), daemon::notReadyReason, webhookSecret(), daemon::wake);
        endpoints.start();
        return endpoints;
    }

    private java.util.Optional<WebhookSecret> webhookSecret() throws java.io.IOException {
        if (webhookSecretEnv != null) {
            String value = System.getenv(webhookSecretEnv);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("webhook secret variable " + webhookSecretEnv + " is not set");
            }
            return java.util.Optional.of(WebhookSecret.of(value));
        }
        if (webhookSecretFile != null) {
            return java.util.Optional.of(WebhookSecret.of(java.nio.file.Files.readString(webhookSecretFile)));
        }
        return java.util.Optional.empty();
    }
}
