package dev.flinkgitops.cli;

import dev.flinkgitops.config.HttpConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code run}'s HTTP endpoints as options; the default is {@link HttpConfig#DEFAULTS}. */
final class HttpOptions {

    @Option(names = "--http", paramLabel = "HOST:PORT", converter = SettingConverters.Bind.class,
            description = "Serve the pages (/, /apps/..., /api/v1/apps), /metrics, /healthz, /readyz and POST /webhook here; 'off' for none (default: ${DEFAULT-VALUE}).")
    String bind = HttpConfig.DEFAULTS.bind();

    @Option(names = "--webhook-secret-env", paramLabel = "VAR",
            description = "Environment variable holding the webhook secret (GitHub HMAC key or GitLab token).")
    String webhookSecretEnv;

    @Option(names = "--webhook-secret-file", paramLabel = "FILE", description = "File holding the webhook secret.")
    Path webhookSecretFile;

    HttpConfig toConfig() {
        return new HttpConfig(bind, webhookSecretEnv, webhookSecretFile);
    }
}
