package dev.flinkgitops.yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cuts a YAML file into its documents' texts at the lines that start a document ({@code ---}
 * at the start of a line, followed by nothing, a space or a tab), as kubectl does, so that a
 * syntax error in one document leaves the others readable. A document marker can occur nowhere
 * else in valid YAML (YAML forbids it inside scalars), so the cut is exact for valid files.
 * A document with nothing but blank lines, comments and markers is empty and skipped (a leading
 * or trailing {@code ---}). Directives ({@code %YAML}) stay with the document they precede.
 */
final class DocumentSplitter {

    /** A document's text and the lines of the file before it. */
    record Chunk(String text, int firstLine) {}

    private static final Pattern START = Pattern.compile("---(?:[ \\t].*)?");
    private static final Pattern END = Pattern.compile("\\.\\.\\.(?:[ \\t].*)?");

    private DocumentSplitter() {}

    static List<Chunk> split(String text) {
        List<Chunk> chunks = new ArrayList<>();
        int chunkStart = 0;
        int chunkLine = 0;
        boolean content = false;
        boolean directives = false;
        int line = 0;
        int at = 0;
        while (at < text.length()) {
            int end = lineEnd(text, at);
            String current = text.substring(line == 0 && text.startsWith("\uFEFF") ? 1 : at, end);
            if (current.startsWith("---") && START.matcher(current).matches()) {
                if (content) {
                    chunks.add(new Chunk(text.substring(chunkStart, at), chunkLine));
                }
                if (content || !directives) {
                    chunkStart = at;
                    chunkLine = line;
                    directives = false;
                }
                content = hasContent(current.substring(3));
            } else if (current.startsWith("%") && !content) {
                directives = true;
            } else if (!content && !(current.startsWith("...") && END.matcher(current).matches())) {
                content |= hasContent(current);
            }
            at = next(text, end);
            line++;
        }
        if (content) {
            chunks.add(new Chunk(text.substring(chunkStart), chunkLine));
        }
        return chunks;
    }

    private static boolean hasContent(String line) {
        String trimmed = line.strip();
        return !trimmed.isEmpty() && !trimmed.startsWith("#");
    }

    /** The index of the line break ending the line that starts at {@code at} (or the text's end). */
    private static int lineEnd(String text, int at) {
        int end = at;
        while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
            end++;
        }
        return end;
    }

    /** The start of the next line: past {@code \n}, {@code \r} or {@code \r\n}. */
    private static int next(String text, int end) {
        if (end < text.length() && text.charAt(end) == '\r' && end + 1 < text.length() && text.charAt(end + 1) == '\n') {
            return end + 2;
        }
        return end + 1;
    }
}
