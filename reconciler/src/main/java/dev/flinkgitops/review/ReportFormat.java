package dev.flinkgitops.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link ReviewReport} for a terminal ({@link #text}), a pull-request comment ({@link #markdown}) or a
 * machine ({@link #json}, the shape documented in {@code docs/plan-json.md}). Pure functions: the same report gives
 * the same bytes.
 */
public final class ReportFormat {

    /** The version of the JSON shape; bumped only when a field changes meaning or goes away. */
    public static final int JSON_VERSION = 1;

    /** The actions in the order summaries list them; an unknown action comes after these, alphabetically. */
    static final List<String> ACTION_ORDER = List.of("deploy", "savepoint upgrade", "last-state upgrade",
            "stateless restart", "suspend", "suspend (cancel: stateless)", "resume", "savepoint",
            "delete with final savepoint", "delete", "delete (cancel, no savepoint)", "record only", "nothing", "blocked");

    private ReportFormat() {}

    /** For terminals: a header, one block per app, the report's warnings and a one-line summary. */
    public static String text(ReviewReport r) {
        StringBuilder out = new StringBuilder();
        out.append("flink-gitops plan: ").append(r.base()).append("..").append(r.head()).append('\n');
        out.append("status: ").append(r.statusSource() == null ? "no status branch found" : r.statusSource())
                .append("\n\n");
        for (AppReview app : r.apps()) {
            out.append(prefix(app)).append(' ').append(app.app()).append("  ").append(app.action());
            if (app.consequence() != null) {
                out.append("  (").append(app.consequence()).append(')');
            }
            out.append('\n');
            appendIfPresent(out, "    ", app.detail());
            appendIfPresent(out, "    restore from: ", app.restoreFrom());
            for (AppReview.FieldDiff field : app.fields()) {
                out.append("    ").append(field.path()).append(": ").append(textValue(field.before())).append(" -> ")
                        .append(textValue(field.after()));
                if (field.consequence() != null) {
                    out.append("  (").append(field.consequence()).append(')');
                }
                out.append('\n');
            }
            if (app.state() != null) {
                appendIfPresent(out, "    state: ", app.state().headline());
                app.state().details().forEach(line -> appendIfPresent(out, "      ", line));
            }
            app.warnings().forEach(w -> appendIfPresent(out, "    warning: ", w));
            app.errors().forEach(e -> appendIfPresent(out, "    error: ", e));
            out.append('\n');
        }
        r.warnings().forEach(w -> appendIfPresent(out, "warning: ", w));
        if (!r.warnings().isEmpty()) {
            out.append('\n');
        }
        out.append(summary(r)).append('\n');
        return out.toString();
    }

    /**
     * For a pull-request comment: one or more parts, each at most {@code maxChars} characters. See
     * {@link MarkdownReport}.
     */
    public static List<String> markdown(ReviewReport r, int maxChars) {
        return new MarkdownReport(r, maxChars).parts();
    }

    /** The documented JSON shape ({@code docs/plan-json.md}), 2-space indentation, a trailing newline. */
    public static String json(ReviewReport r) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode root = nodes.objectNode();
        root.put("version", JSON_VERSION);
        root.put("base", r.base());
        root.put("head", r.head());
        root.put("statusSource", r.statusSource());
        root.put("changed", r.changed());
        root.put("invalid", r.invalid());
        ArrayNode apps = root.putArray("apps");
        for (AppReview app : r.apps()) {
            ObjectNode node = apps.addObject();
            node.put("app", app.app());
            node.put("file", app.file());
            node.put("change", app.change());
            node.put("consequence", app.consequence());
            node.put("action", app.action());
            node.put("detail", app.detail());
            node.put("restoreFrom", app.restoreFrom());
            ArrayNode fields = node.putArray("fields");
            for (AppReview.FieldDiff field : app.fields()) {
                ObjectNode f = fields.addObject();
                f.put("path", field.path());
                f.put("before", field.before());
                f.put("after", field.after());
                f.put("consequence", field.consequence());
            }
            ArrayNode warnings = node.putArray("warnings");
            app.warnings().forEach(warnings::add);
            ArrayNode errors = node.putArray("errors");
            app.errors().forEach(errors::add);
            node.set("stateCompatibility", StateJson.of(app.state()));
        }
        ArrayNode warnings = root.putArray("warnings");
        r.warnings().forEach(warnings::add);
        StringBuilder out = new StringBuilder();
        JsonText.write(root, 0, out);
        return out.append('\n').toString();
    }

    /** {@code N apps: x deploy, y savepoint upgrade, ...}, or {@code No changes.} */
    static String summary(ReviewReport r) {
        if (r.apps().isEmpty()) {
            return "No changes.";
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        ACTION_ORDER.forEach(a -> counts.put(a, 0));
        r.apps().stream().map(app -> counted(app.action())).sorted()
                .forEach(a -> counts.merge(String.valueOf(a), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((action, n) -> {
            if (n > 0) {
                parts.add(n + " " + action);
            }
        });
        int apps = r.apps().size();
        return apps + (apps == 1 ? " app: " : " apps: ") + String.join(", ", parts);
    }

    /** A parallelism change's action as the summary counts it: its path, without the parallelisms or why. */
    private static String counted(String action) {
        if (action == null) {
            return null;
        }
        int why = action.indexOf(" (parallelism change; ");
        return why >= 0 ? action.substring(0, why) : action.startsWith("rescale in place") ? "rescale in place" : action;
    }

    /** {@code +} added, {@code ~} changed, {@code -} removed, {@code !} blocked (an invalid head spec). */
    static String prefix(AppReview app) {
        if (blocked(app)) {
            return "!";
        }
        return switch (String.valueOf(app.change())) {
            case "ADDED" -> "+";
            case "REMOVED" -> "-";
            default -> "~";
        };
    }

    static boolean blocked(AppReview app) {
        return !app.errors().isEmpty() || "blocked".equals(app.action());
    }

    /** A value on one line: absent is {@code (none)}, line breaks are written as {@code \n}. */
    static String textValue(String value) {
        return value == null ? "(none)" : oneLine(value);
    }

    static String oneLine(String value) {
        return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n");
    }

    private static void appendIfPresent(StringBuilder out, String lead, String value) {
        if (value != null && !value.isEmpty()) {
            out.append(lead).append(oneLine(value)).append('\n');
        }
    }

    /** A JSON writer with a fixed layout: 2-space indentation, {@code "key": value}, empty arrays as {@code []}. */
    static final class JsonText {

        private JsonText() {}

        static void write(JsonNode node, int depth, StringBuilder out) {
            if (node.isObject() && !node.isEmpty()) {
                out.append("{\n");
                var names = node.fieldNames();
                while (names.hasNext()) {
                    String name = names.next();
                    indent(out, depth + 1).append(JsonNodeFactory.instance.textNode(name)).append(": ");
                    write(node.get(name), depth + 1, out);
                    out.append(names.hasNext() ? ",\n" : "\n");
                }
                indent(out, depth).append('}');
            } else if (node.isArray() && !node.isEmpty()) {
                out.append("[\n");
                for (int i = 0; i < node.size(); i++) {
                    indent(out, depth + 1);
                    write(node.get(i), depth + 1, out);
                    out.append(i < node.size() - 1 ? ",\n" : "\n");
                }
                indent(out, depth).append(']');
            } else if (node.isObject()) {
                out.append("{}");
            } else if (node.isArray()) {
                out.append("[]");
            } else {
                out.append(node.toString());
            }
        }

        private static StringBuilder indent(StringBuilder out, int depth) {
            return out.append("  ".repeat(depth));
        }
    }
}
