package dev.flinkgitops.flink;

import dev.flinkgitops.redact.Redact;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shortens Flink's error texts (REST {@code errors} entries, savepoint failure stack traces)
 * to something a person can read in a status file: the first message line and the root
 * cause (the last {@code Caused by:} line), without stack frames.
 */
final class FlinkErrorText {

    static final int MAX_LINE = 300;
    private static final String CAUSED_BY = "Caused by: ";
    private static final Pattern EXCEPTION_PREFIX =
            Pattern.compile("((?:[a-zA-Z_$][\\w$]*\\.)*([A-Z][\\w$]*(?:Exception|Error|Throwable)))(?::\\s*|$)");

    private FlinkErrorText() {}

    /** Summarises a stack trace or error text; "" for null or blank input. */
    static String summarize(String text) {
        List<String> lines = messageLines(text);
        if (lines.isEmpty()) {
            return "";
        }
        String first = lines.get(0);
        String root = null;
        for (String line : lines) {
            if (line.startsWith(CAUSED_BY)) {
                root = line.substring(CAUSED_BY.length());
            }
        }
        if (root == null || first.contains(root)) {
            return cut(first);
        }
        return cut(first) + " | caused by: " + cut(root);
    }

    /** Summarises REST {@code errors} entries, skipping Flink's generic "Internal server error." when there is more. */
    static String summarize(List<String> errors) {
        List<String> parts = new ArrayList<>();
        for (String error : errors) {
            String part = summarize(error);
            if (!part.isEmpty() && !parts.contains(part)) {
                parts.add(part);
            }
        }
        if (parts.size() > 1) {
            parts.remove("Internal server error.");
        }
        return String.join("; ", parts);
    }

    private static List<String> messageLines(String text) {
        List<String> lines = new ArrayList<>();
        if (text == null) {
            return lines;
        }
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("at ") || line.startsWith("...") || line.equals(">")) {
                continue;
            }
            if (line.startsWith("<Exception on server side:") || line.startsWith("End of exception on server side")) {
                continue;
            }
            lines.add(line);
        }
        return lines;
    }

    /**
     * Drops wrapper exception prefixes: {@code java.util.concurrent.CompletionException:
     * org.x.RestHandlerException: Jar file ... does not exist} becomes
     * {@code RestHandlerException: Jar file ... does not exist}.
     */
    static String readable(String line) {
        String rest = line;
        String innermost = null;
        Matcher matcher = EXCEPTION_PREFIX.matcher(rest);
        while (matcher.lookingAt()) {
            innermost = matcher.group(2);
            rest = rest.substring(matcher.end());
            matcher = EXCEPTION_PREFIX.matcher(rest);
        }
        if (innermost == null) {
            return line;
        }
        return rest.isEmpty() ? innermost : innermost + ": " + rest;
    }

    private static String cut(String line) {
        line = Redact.text(readable(line));
        return line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE - 3) + "...";
    }
}
