package dev.flinkgitops.server;

import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhook}: reads at most {@code maxBytes + 1} bytes of the body (without holding
 * a thread while they trickle in), checks the delivery with {@link WebhookCheck} and, for an
 * authentic push, calls {@code wake}.
 *
 * <p>Answers 202 (woken), 200 (authentic but not a push), 401 (bad or missing signature or
 * token), 413 (body over the cap), 500 (wake threw), 408 (the body stopped arriving for the
 * read timeout; the connection is then closed). Neither the body nor the secret
 * is ever logged; only our own fixed reason texts are.
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

    void handle(Request request, Response response, Callback callback) {
        if (request.getLength() > maxBytes) {
            tooLarge(response, callback);
            return;
        }
        new BoundedBody(request, maxBytes, body -> {
            if (body == null) {
                tooLarge(response, callback);
            } else {
                answer(request, body, response, callback);
            }
        }, failure -> unread(failure, response, callback)).run();
    }

    /** The body stopped coming (408 if the connection still takes an answer) or was malformed. */
    private static void unread(Throwable failure, Response response, Callback callback) {
        log.debug("webhook body not received: {}", failure.getClass().getSimpleName());
        if (failure instanceof TimeoutException) {
            Routes.respond(response, callback, 408, "request body not received in time");
        } else {
            callback.failed(failure);
        }
    }

    private void answer(Request request, byte[] body, Response response, Callback callback) {
        WebhookCheck.Verdict verdict = check.check(request.getHeaders()::get, body);
        switch (verdict.outcome()) {
            case REJECT -> {
                log.debug("webhook rejected: {}", verdict.reason());
                Routes.respond(response, callback, 401, verdict.reason());
            }
            case IGNORE -> Routes.respond(response, callback, 200, "ignored: " + verdict.reason());
            case WAKE -> wake(verdict.reason(), response, callback);
        }
    }

    private void wake(String reason, Response response, Callback callback) {
        try {
            wake.run();
        } catch (RuntimeException e) {
            log.warn("webhook accepted ({}) but waking the daemon failed", reason, e);
            Routes.respond(response, callback, 500, "wake failed");
            return;
        }
        log.debug("webhook accepted: {}", reason);
        Routes.respond(response, callback, 202, "accepted");
    }

    private void tooLarge(Response response, Callback callback) {
        log.debug("webhook rejected: body over {} bytes", maxBytes);
        Routes.respond(response, callback, 413, "body over " + maxBytes + " bytes");
    }
}
