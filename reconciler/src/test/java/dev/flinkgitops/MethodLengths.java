package dev.flinkgitops;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The methods of one Java source file that run over a number of lines (declaration to closing
 * brace) without saying why: the comment above them must say "over N lines". Read from the text,
 * braces counted outside strings and line comments; good enough for this code base's style, which
 * is what it checks.
 */
final class MethodLengths {

    private static final Pattern DECLARATION = Pattern.compile("^\\s*(?:(?:public|private|protected|static|final|"
            + "synchronized|default|abstract)\\s+)*(?:<[^>]+>\\s+)?[\\w.<>\\[\\], ?]+\\s+(\\w+)\\s*\\([^;]*$");
    private static final Pattern TYPE = Pattern.compile("\\b(record|class|interface|enum)\\b");
    private static final List<String> NOT_METHODS = List.of("if", "for", "while", "switch", "catch", "return", "new", "else");
    private static final Pattern LITERALS = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'|//.*");

    private MethodLengths() {}

    /** {@code name (N lines)} of each method over {@code max} lines whose comment does not say why. */
    static List<String> unexplained(List<String> lines, int max) {
        List<String> found = new ArrayList<>();
        String reason = "over " + max + " lines";
        for (int i = 0; i < lines.size(); i++) {
            Matcher declaration = DECLARATION.matcher(lines.get(i));
            if (!declaration.matches() || TYPE.matcher(lines.get(i)).find() || NOT_METHODS.contains(declaration.group(1))) {
                continue;
            }
            int end = end(lines, i);
            if (end < 0) {
                continue;
            }
            String above = String.join("\n", lines.subList(Math.max(0, i - 8), i)).toLowerCase(java.util.Locale.ROOT);
            if (end - i + 1 > max && !above.contains(reason)) {
                found.add(declaration.group(1) + " at line " + (i + 1) + " (" + (end - i + 1) + " lines)");
            }
            i = end;
        }
        return found;
    }

    /** The line of the brace that closes the body starting at {@code start}, or -1 for a declaration without one. */
    private static int end(List<String> lines, int start) {
        int depth = 0;
        boolean opened = false;
        for (int k = start; k < lines.size(); k++) {
            String code = LITERALS.matcher(lines.get(k)).replaceAll("");
            if (!opened && code.contains(";") && !code.contains("{")) {
                return -1;
            }
            for (char c : code.toCharArray()) {
                if (c == '{') {
                    depth++;
                    opened = true;
                } else if (c == '}') {
                    depth--;
                }
            }
            if (opened && depth == 0) {
                return k;
            }
        }
        return -1;
    }
}
