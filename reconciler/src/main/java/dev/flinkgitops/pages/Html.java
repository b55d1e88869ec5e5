package dev.flinkgitops.pages;

import dev.flinkgitops.status.Phase;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The one escaping helper of the pages, and their frame. Every value that comes from a spec, a commit or
 * the status branch goes through {@link #text} (element content and attribute values alike) or
 * {@link #query} (a link's query parameter); nothing is written raw.
 */
final class Html {

    /** How often a page loads itself again (seconds). */
    static final int REFRESH_SECONDS = 5;
    static final String NONE = "-";

    private static final String STYLE = """
            body{font:14px/1.4 system-ui,sans-serif;margin:1.2em;color:#222}
            table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:3px 6px;border-bottom:1px solid #ddd;vertical-align:top}
            th{background:#f4f4f4}code,pre{font:12px ui-monospace,monospace}pre{background:#f8f8f8;padding:8px;overflow:auto}
            .phase{padding:1px 6px;border-radius:3px;color:#fff;font-weight:600;font-size:12px}
            .ok{background:#2e7d32}.busy{background:#1565c0}.idle{background:#757575}.warn{background:#ef6c00}.bad{background:#c62828}
            .err{color:#c62828}.muted{color:#757575}.add{background:#e8f5e9}.del{background:#ffebee}
            nav a,.counts a{margin-right:.8em;white-space:nowrap}.health span{margin-right:1.2em}h2{margin-top:1.4em}
            """;

    private Html() {}

    /** {@code value} escaped for element content and quoted attribute values; null is {@value #NONE}. */
    static String text(String value) {
        if (value == null) {
            return NONE;
        }
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            if (out != null) {
                out.append(replacement != null ? replacement : String.valueOf(c));
            }
        }
        return out == null ? value : out.toString();
    }

    /** {@code value} as a URL query parameter value, then escaped for an attribute. */
    static String query(String value) {
        return text(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    /** A whole page: title, a refresh every {@link #REFRESH_SECONDS} seconds, the style and {@code body}. */
    static String page(String title, CharSequence body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"refresh\" content=\"" + REFRESH_SECONDS + "\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + text(title) + "</title><style>" + STYLE + "</style></head><body>\n"
                + body + "\n</body></html>\n";
    }

    /** A phase as a coloured label. */
    static String phase(Phase phase) {
        if (phase == null) {
            return "<span class=\"phase idle\">NEW</span>";
        }
        return "<span class=\"phase " + colour(phase) + "\">" + phase.name() + "</span>";
    }

    /** The colour class of a phase: settled, busy, idle, needs a look, needs a human. */
    static String colour(Phase phase) {
        return switch (phase) {
            case RUNNING -> "ok";
            case DEPLOYING, UPGRADING, SUSPENDING, SAVEPOINTING, CHECKPOINTING, DELETING, ROLLING_BACK -> "busy";
            case SUSPENDED, DELETED, FINISHED -> "idle";
            case BLOCKED, ROLLED_BACK -> "warn";
            case STALLED -> "bad";
        };
    }

    /** How long ago {@code time} (ISO-8601) was, such as {@code 3m 12s}; {@value #NONE} when unknown. */
    static String age(String time, Instant now) {
        if (time == null) {
            return NONE;
        }
        try {
            return duration(Duration.between(Instant.parse(time), now));
        } catch (DateTimeParseException e) {
            return NONE;
        }
    }

    /** A duration as a person reads it: {@code 45s}, {@code 3m 12s}, {@code 2h 5m}, {@code 4d 3h}. */
    static String duration(Duration duration) {
        long s = Math.max(0, duration.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m " + s % 60 + "s";
        }
        if (s < 86_400) {
            return s / 3600 + "h " + s % 3600 / 60 + "m";
        }
        return s / 86_400 + "d " + s % 86_400 / 3600 + "h";
    }

    /** The first ten characters of a commit id. */
    static String shortSha(String sha) {
        return sha == null ? null : sha.substring(0, Math.min(10, sha.length()));
    }
}
