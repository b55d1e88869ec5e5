package dev.flinkgitops.review;

import java.util.ArrayList;
import java.util.List;

/**
 * The pull-request comment form of a {@link ReviewReport}: a title, a summary line, a table with one row per app, the
 * report's warnings, then one collapsed {@code <details>} block per app (detail, restore-from, a fenced diff of the
 * fields, warnings, errors).
 *
 * <p>Longer than {@code maxChars}, it is split into parts that each start with
 * {@code ### flink-gitops plan (part i of n)}. An app's block is never split; a table split across parts repeats its
 * header; a block that alone does not fit keeps as many fields as fit and says how many were left out. Values from
 * specs are escaped ({@code & < > | ` * _ [ ] # \} as HTML entities, line breaks as {@code \n}) so they cannot
 * change the comment's layout; inside the diff fence they are written as they are, on one line each.
 */
final class MarkdownReport {

    /** The smallest size limit accepted: room for the title, a table row and one block's summary. */
    static final int MIN_CHARS = 1000;

    static final String TITLE = "### flink-gitops plan";
    private static final String TABLE_HEADER = "| | app | action | consequence |\n|---|---|---|---|\n";
    private static final String CLOSE = "</details>\n\n";

    private final ReviewReport report;
    private final int maxChars;

    MarkdownReport(ReviewReport report, int maxChars) {
        if (maxChars < MIN_CHARS) {
            throw new IllegalArgumentException("maxChars must be at least " + MIN_CHARS + ", was " + maxChars);
        }
        this.report = report;
        this.maxChars = maxChars;
    }

    /** A piece that is never split; a table row needs the table header when it starts a part. */
    private record Chunk(String text, boolean row) {}

    List<String> parts() {
        List<Chunk> chunks = new ArrayList<>();
        chunks.add(new Chunk(intro(), false));
        for (AppReview app : report.apps()) {
            chunks.add(new Chunk(row(app), true));
        }
        int most = 1 + 2 * report.apps().size();
        int room = maxChars - partTitle(most, most).length();
        for (AppReview app : report.apps()) {
            chunks.add(new Chunk(fittedBlock(app, room - 1), false));
        }
        List<List<Chunk>> packed = pack(chunks, room);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < packed.size(); i++) {
            String title = packed.size() == 1 ? TITLE + "\n\n" : partTitle(i + 1, packed.size());
            parts.add(assemble(title, packed.get(i)));
        }
        return parts;
    }

    private static String partTitle(int part, int of) {
        return TITLE + " (part " + part + " of " + of + ")\n\n";
    }

    /** Greedy: chunks in order, a new part when the next one would not fit. */
    private static List<List<Chunk>> pack(List<Chunk> chunks, int budget) {
        List<List<Chunk>> parts = new ArrayList<>();
        List<Chunk> current = new ArrayList<>();
        int used = 0;
        for (Chunk chunk : chunks) {
            int cost = cost(current, chunk);
            if (!current.isEmpty() && used + cost > budget) {
                parts.add(current);
                current = new ArrayList<>();
                used = 0;
                cost = cost(current, chunk);
            }
            current.add(chunk);
            used += cost;
        }
        parts.add(current);
        return parts;
    }

    private static int cost(List<Chunk> part, Chunk chunk) {
        boolean afterRow = !part.isEmpty() && part.get(part.size() - 1).row();
        return chunk.text().length() + (chunk.row() && !afterRow ? TABLE_HEADER.length() + 1 : 0)
                + (!chunk.row() && afterRow ? 1 : 0);
    }

    private static String assemble(String title, List<Chunk> chunks) {
        StringBuilder out = new StringBuilder(title);
        boolean afterRow = false;
        for (Chunk chunk : chunks) {
            if (chunk.row() && !afterRow) {
                out.append(TABLE_HEADER);
            } else if (!chunk.row() && afterRow) {
                out.append('\n');
            }
            out.append(chunk.text());
            afterRow = chunk.row();
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == '\n') {
            end--;
        }
        return out.substring(0, end) + "\n";
    }

    private String intro() {
        StringBuilder out = new StringBuilder();
        out.append("base ").append(escape(report.base())).append(" → head ").append(escape(report.head()))
                .append(" · status: ")
                .append(report.statusSource() == null ? "no status branch found" : escape(report.statusSource()))
                .append("\n\n");
        out.append("**").append(escape(ReportFormat.summary(report))).append("**\n\n");
        if (report.invalid()) {
            out.append("⛔ Some specs are invalid: the daemon will not apply them until they are fixed.\n\n");
        }
        for (String warning : report.warnings()) {
            out.append("- ⚠️ ").append(escape(warning)).append('\n');
        }
        out.append(report.warnings().isEmpty() ? "" : "\n");
        int most = 1 + 2 * report.apps().size();
        return fit(out.toString(), maxChars - partTitle(most, most).length(), "");
    }

    private static String row(AppReview app) {
        return "| " + icon(app) + " | " + escape(app.app()) + " | " + escape(app.action()) + " | "
                + (app.consequence() == null ? "" : escape(app.consequence())) + " |\n";
    }

    static String icon(AppReview app) {
        return switch (ReportFormat.prefix(app)) {
            case "!" -> "⛔";
            case "+" -> "🆕";
            case "-" -> "🗑️";
            default -> "🔄";
        };
    }

    /** The app's block with as many fields as fit in {@code budget} (all of them when they do). */
    private static String fittedBlock(AppReview app, int budget) {
        String whole = block(app, app.fields().size());
        if (whole.length() <= budget) {
            return whole;
        }
        int low = 0;
        int high = app.fields().size() - 1;
        while (low < high) {
            int mid = (low + high + 1) / 2;
            if (block(app, mid).length() <= budget) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return fit(block(app, low), budget, CLOSE);
    }

    private static String block(AppReview app, int fieldLimit) {
        StringBuilder out = new StringBuilder();
        out.append("<details><summary>").append(escape(app.app())).append(" — ").append(escape(app.action()))
                .append("</summary>\n\n");
        if (app.detail() != null) {
            out.append(escape(app.detail())).append("\n\n");
        }
        if (app.restoreFrom() != null) {
            out.append("Restores from: ").append(escape(app.restoreFrom())).append("\n\n");
        }
        List<AppReview.FieldDiff> shown = app.fields().subList(0, fieldLimit);
        if (!shown.isEmpty()) {
            String diff = diff(shown);
            String fence = fence(diff);
            out.append(fence).append("diff\n").append(diff).append(fence).append("\n\n");
        }
        if (app.state() != null) {
            out.append(app.state().restoreFails() ? "⛔ " : app.state().checked() ? "" : "⚠️ ").append("State: ")
                    .append(escape(app.state().headline())).append("\n\n");
            app.state().details().forEach(line -> out.append("- ").append(escape(line)).append('\n'));
            out.append(app.state().details().isEmpty() ? "" : "\n");
        }
        int left = app.fields().size() - fieldLimit;
        if (left > 0) {
            out.append("_").append(left).append(left == 1 ? " more field was" : " more fields were")
                    .append(" left out to fit the comment size limit; run flink-gitops plan to see all._\n\n");
        }
        for (String warning : app.warnings()) {
            out.append("- ⚠️ warning: ").append(escape(warning)).append('\n');
        }
        for (String error : app.errors()) {
            out.append("- ❌ error: ").append(escape(error)).append('\n');
        }
        out.append(app.warnings().isEmpty() && app.errors().isEmpty() ? "" : "\n");
        return out.append(CLOSE).toString();
    }

    private static String diff(List<AppReview.FieldDiff> fields) {
        StringBuilder out = new StringBuilder();
        for (AppReview.FieldDiff field : fields) {
            out.append("@@ ").append(ReportFormat.oneLine(field.path()));
            if (field.consequence() != null) {
                out.append(" (").append(field.consequence()).append(')');
            }
            out.append(" @@\n");
            if (field.before() != null) {
                out.append("- ").append(ReportFormat.oneLine(field.before())).append('\n');
            }
            if (field.after() != null) {
                out.append("+ ").append(ReportFormat.oneLine(field.after())).append('\n');
            }
        }
        return out.toString();
    }

    /** A backtick fence longer than any run of backticks in the content (at least three). */
    static String fence(String content) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < content.length(); i++) {
            run = content.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return "`".repeat(Math.max(3, longest + 1));
    }

    /**
     * The text cut to at most {@code budget} characters with {@code closing} and a note that it was cut (never inside
     * an HTML entity); the text as it is when it fits. Only used for text without a code fence.
     */
    private static String fit(String text, int budget, String closing) {
        if (text.length() <= budget) {
            return text;
        }
        String note = "…\n\n_Cut to fit the comment size limit; run flink-gitops plan to see all._\n\n";
        String body = text.endsWith(closing) ? text.substring(0, text.length() - closing.length()) : text;
        int cut = Math.max(0, budget - note.length() - closing.length());
        int entity = body.lastIndexOf('&', cut - 1);
        if (entity >= 0 && body.indexOf(';', entity) >= cut) {
            cut = entity;
        }
        return body.substring(0, cut) + note + closing;
    }

    /** A value safe in Markdown text, table cells and HTML: entities for the characters that carry layout. */
    static String escape(String value) {
        if (value == null) {
            return "";
        }
        String line = ReportFormat.oneLine(value);
        StringBuilder out = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '|' -> out.append("&#124;");
                case '`' -> out.append("&#96;");
                case '*' -> out.append("&#42;");
                case '_' -> out.append("&#95;");
                case '[' -> out.append("&#91;");
                case ']' -> out.append("&#93;");
                case '#' -> out.append("&#35;");
                case '\\' -> out.append("&#92;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
