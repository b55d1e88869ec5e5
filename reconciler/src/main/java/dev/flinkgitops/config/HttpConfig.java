package dev.flinkgitops.config;

import java.nio.file.Path;

/**
 * The daemon's HTTP endpoints: /metrics, /healthz, /readyz and POST /webhook.
 *
 * @param bind {@code HOST:PORT} to listen on, or {@code off}
 * @param webhookSecretEnv environment variable holding the webhook secret, or null
 * @param webhookSecretFile file holding the webhook secret, or null
 */
public record HttpConfig(String bind, String webhookSecretEnv, Path webhookSecretFile) {

    /** On all interfaces, port 8080, webhooks unsigned. */
    public static final HttpConfig DEFAULTS = new HttpConfig("0.0.0.0:8080", null, null);

    public boolean off() {
        return "off".equals(bind);
    }
}
