package dev.flinkgitops.validate;

/** One validation finding: where (file, line, column, JSON pointer) and what. */
public record Finding(Severity severity, String file, int line, int column, String pointer, String message) {
    public enum Severity { ERROR, NOTE }

    public String format() {
        String where = pointer == null || pointer.isEmpty() ? "/" : pointer;
        return file + ":" + line + ":" + column + ": " + where + ": " + (severity == Severity.NOTE ? "note: " : "") + message;
    }
}
