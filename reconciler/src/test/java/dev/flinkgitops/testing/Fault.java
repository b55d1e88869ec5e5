package dev.flinkgitops.testing;

/**
 * What {@link FaultProxy} can do to one request instead of forwarding it faithfully. Each says
 * whether the request still reaches Flink (and so takes effect) and what the client gets.
 */
public enum Fault {
    /** Not forwarded; HTTP 500, 502 or 503 with an HTML error page (a gateway's, not Flink's). */
    SERVER_ERROR(false),
    /** Not forwarded; the connection is reset without an answer. */
    RESET(false),
    /** Not forwarded; the request is held longer than the client waits (bounded), then the connection is reset. */
    TIMEOUT(false),
    /** Forwarded, so Flink acts on it; then the connection is reset instead of answering. */
    LOST_ANSWER(true),
    /** Not forwarded; HTTP 200 with an HTML login page. */
    HTML_PAGE(false),
    /** Not forwarded; HTTP 200 with an empty body. */
    EMPTY_BODY(false),
    /** Not forwarded; HTTP 200 with {@code {}}. */
    EMPTY_OBJECT(false),
    /** Forwarded; Flink's answer with its body cut in half (only answers of two bytes or more). */
    TRUNCATED(true),
    /** {@code GET /jobs/overview} only: forwarded; every job in the list loses {@code state}, or every one loses {@code jid}. */
    MISSING_FIELDS(true);

    private final boolean forwarded;

    Fault(boolean forwarded) {
        this.forwarded = forwarded;
    }

    /** True when the request reaches Flink (and takes effect) despite the fault. */
    public boolean forwarded() {
        return forwarded;
    }

    /** Whether this fault can be applied to a request to {@code endpoint} ("METHOD /normalised/path"). */
    public boolean appliesTo(String endpoint) {
        return this != MISSING_FIELDS || endpoint.equals("GET /jobs/overview");
    }
}
