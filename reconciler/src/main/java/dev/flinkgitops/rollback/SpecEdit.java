package dev.flinkgitops.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.yaml.SafeYamlReader;
import dev.flinkgitops.yaml.SourcePosition;
import dev.flinkgitops.yaml.YamlDocument;
import dev.flinkgitops.yaml.YamlFile;
import dev.flinkgitops.yaml.YamlTree;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Edits an app's document in a spec file as text, so the user's formatting and comments stay: a field
 * of {@code spec.job} that is there has its value replaced in place (at the position the {@code yaml}
 * package read it from); one that is not is added as the first line under {@code job:}, indented as its
 * other fields. The result is read again and checked; anything this cannot edit safely (a flow-style
 * {@code job: {...}}, a value over several lines) is refused with why.
 */
final class SpecEdit {

    private static final SafeYamlReader READER = new SafeYamlReader(1 << 20, 64);
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./][A-Za-z0-9_./:@%+=~,-]*");

    private SpecEdit() {}

    /** A document of a file: its lines {@code [first, end)} (0-based) and its tree. */
    record Document(int first, int end, YamlTree tree) {}

    /** The document of {@code app} in {@code text}, or empty when no readable document names it. */
    static Optional<Document> find(String text, AppId app) {
        YamlFile file = READER.readAll(text.getBytes(StandardCharsets.UTF_8));
        List<YamlDocument> documents = file.documents();
        int lines = lines(text).size();
        for (int i = 0; i < documents.size(); i++) {
            YamlDocument document = documents.get(i);
            if (document.read().readable() && names(document.read().tree().root(), app)) {
                int end = i + 1 < documents.size() ? documents.get(i + 1).line() - 1 : lines;
                return Optional.of(new Document(document.line() - 1, end, document.read().tree()));
            }
        }
        return Optional.empty();
    }

    private static boolean names(JsonNode root, AppId app) {
        JsonNode metadata = root.path("metadata");
        String namespace = metadata.path("namespace").isTextual() ? metadata.get("namespace").asText() : AppId.DEFAULT_NAMESPACE;
        return app.name().equals(metadata.path("name").asText(null)) && app.namespace().equals(namespace);
    }

    /** {@code text} with {@code spec.job.<field>} set to {@code value} in {@code document}; see the class comment. */
    static String setJobField(String text, Document document, String field, Object value) {
        List<String> lines = lines(text);
        String rendered = render(value);
        String pointer = "/spec/job/" + field;
        SourcePosition at = document.tree().positions().get(pointer);
        if (at != null && !document.tree().root().at(pointer).isContainerNode()) {
            String line = lines.get(at.line() - 1);
            int start = at.column() - 1;
            int end = scalarEnd(line, start);
            if (end < 0) {
                throw new RollbackException("cannot edit spec.job." + field + " in place (line " + at.line()
                        + "): its value spans several lines; set it by hand");
            }
            lines.set(at.line() - 1, line.substring(0, start) + rendered + line.substring(end));
        } else {
            SourcePosition job = document.tree().keyPositions().get("/spec/job");
            if (job == null || !document.tree().root().at("/spec/job").isObject()) {
                throw new RollbackException("the app's document has no spec.job mapping to set " + field + " in");
            }
            String jobLine = lines.get(job.line() - 1);
            String after = jobLine.substring(jobLine.indexOf(':', job.column() - 1) + 1).strip();
            if (!after.isEmpty() && !after.startsWith("#")) {
                throw new RollbackException("cannot add spec.job." + field + " to a flow-style job mapping (line " + job.line()
                        + "); set it by hand");
            }
            lines.add(job.line(), " ".repeat(childIndent(document.tree(), job)) + field + ": " + rendered);
        }
        return String.join("\n", lines);
    }

    /** The column (0-based) of {@code spec.job}'s own keys, from the first one written; two past {@code job:} otherwise. */
    private static int childIndent(YamlTree tree, SourcePosition job) {
        return tree.keyPositions().entrySet().stream()
                .filter(entry -> entry.getKey().startsWith("/spec/job/") && entry.getKey().indexOf('/', "/spec/job/".length()) < 0)
                .map(entry -> entry.getValue()).filter(position -> position.line() > job.line())
                .mapToInt(position -> position.column() - 1).min().orElse(job.column() + 1);
    }

    /** Where a one-line scalar starting at {@code start} ends: past its closing quote, or before a comment; -1 when open. */
    private static int scalarEnd(String line, int start) {
        char first = line.charAt(start);
        if (first == '"' || first == '\'') {
            for (int i = start + 1; i < line.length(); i++) {
                char c = line.charAt(i);
                if (first == '"' && c == '\\') {
                    i++;
                } else if (c == first && first == '\'' && i + 1 < line.length() && line.charAt(i + 1) == '\'') {
                    i++;
                } else if (c == first) {
                    return i + 1;
                }
            }
            return -1;
        }
        if (first == '|' || first == '>') {
            return -1;
        }
        int end = line.length();
        int comment = line.indexOf(" #", start);
        if (comment >= 0) {
            end = comment;
        }
        for (char stop : new char[] {',', '}', ']'}) {
            int at = line.indexOf(stop, start);
            if (at >= 0 && at < end && line.substring(0, start).contains("{")) {
                end = at;
            }
        }
        return line.substring(0, end).stripTrailing().length();
    }

    private static String render(Object value) {
        String text = String.valueOf(value);
        boolean typed = text.matches("(?i)true|false|null|yes|no|on|off|~|[-+.0-9][0-9._eE+-]*");
        if (value instanceof Number || PLAIN.matcher(text).matches() && !text.contains(": ") && !typed) {
            return text;
        }
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The lines of a text without their breaks; a final line break gives a last empty line, so joining restores it. */
    static List<String> lines(String text) {
        return new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    }
}
