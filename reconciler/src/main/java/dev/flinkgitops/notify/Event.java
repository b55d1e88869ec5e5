package dev.flinkgitops.notify;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinkgitops.redact.Redact;

/**
 * One notification: what happened to which app, as the JSON object posted to every receiver
 * (see docs/notifications.md). Every field is set at construction from redacted values, so the
 * payload never carries a secret; {@link #text()} makes it a Slack incoming-webhook message as is.
 *
 * @param type what happened
 * @param app {@code <namespace>/<name>}
 * @param phase the app's phase after it happened
 * @param specCommit the spec commit the app runs (or ran), or null
 * @param jobId the app's job, or null
 * @param savepoint the savepoint that matters to this event (restored from, stopped with, final), or null
 * @param message the daemon's sentence about it
 * @param time when the daemon saw it (ISO-8601)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"event", "app", "phase", "specCommit", "jobId", "savepoint", "message", "time", "text"})
public record Event(@JsonIgnore EventType type, String app, String phase, String specCommit, String jobId, String savepoint,
        String message, String time) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public Event {
        savepoint = Redact.text(savepoint);
        message = Redact.text(message);
    }

    /** The event's name in the payload: {@code upgraded}, {@code rolled_back}. */
    @JsonProperty("event")
    public String event() {
        return type.wire();
    }

    /**
     * One line for people (Slack's {@code text}; Slack's three special characters escaped): the app,
     * what happened and at which commit, the message, and the savepoint when the message does not
     * name it. The job id is in the payload's own field.
     */
    @JsonProperty("text")
    public String text() {
        StringBuilder line = new StringBuilder(type.emoji()).append(" *").append(app).append("* ").append(type.words());
        if (specCommit != null) {
            line.append(" at ").append(specCommit, 0, Math.min(10, specCommit.length()));
        }
        if (message != null) {
            line.append(": ").append(message);
        }
        if (savepoint != null && (message == null || !message.contains(savepoint))) {
            line.append(" (savepoint ").append(savepoint).append(")");
        }
        return line.toString().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** The payload. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event could not be written as JSON", e);
        }
    }
}
