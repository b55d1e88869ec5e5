package dev.flinkgitops.cli;

import dev.flinkgitops.config.DaemonConfig;
import dev.flinkgitops.config.HttpConfig;
import dev.flinkgitops.daemon.Daemon;
import dev.flinkgitops.daemon.Wiring;
import dev.flinkgitops.redact.Redact;
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

    @Option(names = "--repo", paramLabel = "URL", converter = SettingConverters.NotBlank.class,
            description = "The spec repository: a path, file://, git://, http(s):// or ssh:// URL. Required (as a flag, "
                    + "FLINK_GITOPS_REPO, or in the --config file).")
    String repo;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A YAML file of settings, keyed by the flags' names (see docs/config-example.yaml); also "
                    + "FLINK_GITOPS_CONFIG. Every setting can also come from FLINK_GITOPS_<FLAG_IN_UPPER_SNAKE>. "
                    + "Flags win over the environment, the environment over the file.")
    java.nio.file.Path config;

    @Option(names = "--print-config", description = "Print the effective settings and where each came from, then exit.")
    boolean printConfig;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--once", description = "Run one tick and exit (exit code 1 if it failed).")
    boolean once;

    @Mixin
    HttpOptions http = new HttpOptions();

    @Mixin
    DaemonOptions options = new DaemonOptions();

    @Override
    public Integer call() throws Exception {
        DaemonConfig checked = resolve();
        if (printConfig) {
            printSettings(spec.commandLine().getOut());
            return 0;
        }
        LogFormat.apply(options.logFormat);
        try (Daemon daemon = Wiring.daemon(checked, Clock.systemUTC());
                HttpEndpoints endpoints = once ? null : endpoints(checked.http(), daemon)) {
            if (once) {
                daemon.tickOnce();
                return 0;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(daemon::stopAndAwaitClose, "flink-gitops-shutdown"));
            daemon.run();
            return 0;
        }
    }

    /**
     * Checks every setting and returns the daemon's configuration: flags were checked by their
     * converters as picocli read them, values from the environment and the file by the same
     * converters when {@link RunSettings} read them. A mistake is a ParameterException: exit code
     * 64 before anything starts.
     */
    DaemonConfig resolve() {
        settings().load(spec);
        if (repo == null || repo.isBlank()) {
            throw new RunSettings.SettingsException("Missing required setting: --repo (or FLINK_GITOPS_REPO, or repo: in --config)");
        }
        return options.build(repo).withHttp(http.toConfig());
    }

    private RunSettings settings() {
        return spec.commandLine().getDefaultValueProvider() instanceof RunSettings settings
                ? settings : new RunSettings(System.getenv());
    }

    /**
     * The effective settings as YAML, each with its source; secrets are never among them (only where to
     * find them), a {@code --repo} URL is shown without its user info and a {@code --notify} URL as
     * {@code scheme://host/…}.
     */
    private void printSettings(java.io.PrintWriter out) {
        RunSettings settings = settings();
        picocli.CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (String key : RunSettings.keys(spec)) {
            picocli.CommandLine.Model.OptionSpec option = spec.findOption("--" + key);
            String source;
            if (parsed != null && parsed.hasMatchedOption(option)) {
                source = "flag " + option.longestName();
            } else if (settings.find(key) != null) {
                source = settings.find(key).source();
            } else {
                source = "default";
            }
            Object value = key.equals("notify") ? NotifyOptions.shown(option.getValue()) : option.getValue();
            out.printf("%s: %s  # %s%n", key, Redact.text(yaml(value)), source);
        }
        out.flush();
    }

    private static String yaml(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof java.util.Map<?, ?> map) {
            java.util.List<String> entries = new java.util.ArrayList<>();
            map.forEach((k, v) -> entries.add(k + ": " + quote(String.valueOf(v))));
            return "{" + String.join(", ", entries) + "}";
        }
        if (value instanceof java.util.Collection<?> items) {
            return "[" + String.join(", ", items.stream().map(item -> quote(String.valueOf(item))).toList()) + "]";
        }
        if (value instanceof java.time.Duration duration) {
            return quote(duration.toString());
        }
        return value instanceof Number || value instanceof Boolean ? value.toString() : quote(value.toString());
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private HttpEndpoints endpoints(HttpConfig http, Daemon daemon) throws java.io.IOException {
        if (http.off()) {
            return null;
        }
        HttpEndpoints endpoints = new HttpEndpoints(new HttpEndpoints.Options(address(http.bind()),
                HttpEndpoints.Options.defaults().maxWebhookBytes()), daemon.metrics(), daemon::notReadyReason, webhookSecret(http),
                daemon::wake, daemon.pages());
        endpoints.start();
        return endpoints;
    }

    /** {@code HOST:PORT} (checked by {@link SettingConverters.Bind}) as a socket address. */
    static java.net.InetSocketAddress address(String bind) {
        int colon = bind.lastIndexOf(':');
        return new java.net.InetSocketAddress(bind.substring(0, colon), Integer.parseInt(bind.substring(colon + 1)));
    }

    private static java.util.Optional<WebhookSecret> webhookSecret(HttpConfig http) throws java.io.IOException {
        if (http.webhookSecretEnv() != null) {
            String value = System.getenv(http.webhookSecretEnv());
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("webhook secret variable " + http.webhookSecretEnv() + " is not set");
            }
            return java.util.Optional.of(WebhookSecret.of(value));
        }
        if (http.webhookSecretFile() != null) {
            return java.util.Optional.of(WebhookSecret.of(java.nio.file.Files.readString(http.webhookSecretFile())));
        }
        return java.util.Optional.empty();
    }
}
