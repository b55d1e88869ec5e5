package dev.flinkgitops.server;

import java.nio.charset.StandardCharsets;

/**
 * The shared secret of the git host's webhook. Holds its bytes only; {@link #toString()} never
 * shows them, so the secret cannot leak through a log line or an exception message.
 */
public final class WebhookSecret {

    private final byte[] bytes;

    private WebhookSecret(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * The secret as configured (GitHub: the HMAC key; GitLab: the token). Surrounding whitespace,
     * such as a secret file's trailing newline, is dropped. Must not be blank.
     */
    public static WebhookSecret of(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("the webhook secret is empty");
        }
        return new WebhookSecret(secret.strip().getBytes(StandardCharsets.UTF_8));
    }

    byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public String toString() {
        return "WebhookSecret[redacted]";
    }
}
