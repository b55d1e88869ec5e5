package dev.flinkgitops.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhook}: reads at most {@code maxBytes + 1} bytes of the body, checks the
 * delivery with {@link WebhookCheck} and, for an authentic push, calls {@code wake}.
 *
 * <p>Answers 202 (woken), 200 (authentic but not a push), 401 (bad or missing signature or
 * token), 413 (body over the cap), 500 (wake threw). Neither the body nor the secret is ever
 * logged; only our own fixed reason texts are.
 */
final class WebhookHandler {

    private static final Logger log = LoggerFactory.getLogger(WebhookHandler.class);

    private final WebhookCheck check;
    private final Runnable wake;
    private final int maxBytes;

    WebhookHandler(WebhookSecret secret, Runnable wake, int maxBytes) {
        if (maxBytes < 0 || maxBytes == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("webhook body cap out of range: " + maxBytes);
        }
        this.check = new WebhookCheck(secret);
        this.wake = wake;
        this.maxBytes = maxBytes;
    }

    void handle(HttpExchange exchange) throws IOException {
        byte[] body = boundedBody(exchange);
        if (body == null) {
            log.debug("webhook rejected: body over {} bytes", maxBytes);
            HttpEndpoints.respond(exchange, 413, "body over " + maxBytes + " bytes");
            return;
        }
        WebhookCheck.Verdict verdict = check.check(exchange.getRequestHeaders()::getFirst, body);
        switch (verdict.outcome()) {
            case REJECT -> {
                log.debug("webhook rejected: {}", verdict.reason());
                HttpEndpoints.respond(exchange, 401, verdict.reason());
            }
            case IGNORE -> HttpEndpoints.respond(exchange, 200, "ignored: " + verdict.reason());
            case WAKE -> wake(exchange, verdict.reason());
        }
    }

    private void wake(HttpExchange exchange, String reason) throws IOException {
        try {
            wake.run();
        } catch (RuntimeException e) {
            log.warn("webhook accepted ({}) but waking the daemon failed", reason, e);
            HttpEndpoints.respond(exchange, 500, "wake failed");
            return;
        }
        log.debug("webhook accepted: {}", reason);
        HttpEndpoints.respond(exchange, 202, "accepted");
    }

    /** The body, or null when it is over the cap; never reads more than {@code maxBytes + 1}. */
    private byte[] boundedBody(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && declaredOver(declared.strip())) {
            return null;
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            return body.length > maxBytes ? null : body;
        }
    }

    private boolean declaredOver(String declared) {
        try {
            return Long.parseLong(declared) > maxBytes;
        } catch (NumberFormatException e) {
            return false; // the server itself rejects a malformed length; read and count instead
        }
    }
}
