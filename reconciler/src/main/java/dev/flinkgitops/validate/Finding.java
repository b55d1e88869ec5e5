package dev.flinkgitops.validate;

/** Placeholder until the validation package lands (same API). */
public record Finding(Severity severity, String file, int line, int column, String pointer, String message) {
    public enum Severity { ERROR, NOTE }

    public String format() {
        String where = pointer == null || pointer.isEmpty() ? "/" : pointer;
        return file + ":" + line + ":" + column + ": " + where + ": " + (severity == Severity.NOTE ? "note: " : "") + message;
    }
}
