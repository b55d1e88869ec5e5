package dev.flinkgitops.validate;

import dev.flinkgitops.redact.Redact;

/**
 * One validation finding: where (file, line, column, JSON pointer) and what.
 *
 * @param line 1-based, or 0 when the position is unknown (an internal error)
 */
public record Finding(Severity severity, String file, int line, int column, String pointer, String message) {
    /**
     * ERROR: the file is invalid. WARNING: the file is valid but a field in it is not acted on (the
     * operator would honour it; flink-gitops reports it instead). NOTE: information.
     */
    public enum Severity { ERROR, WARNING, NOTE }

    static final String INTERNAL_ERROR = "internal error: ";

    /** Longest exception message kept (redacted): it may quote the file, which is no place for a log or status line. */
    private static final int MAX_EXCEPTION_MESSAGE = 300;

    /** An exception while reading or checking {@code file}: {@code file: internal error: <class>: <message>}. */
    static Finding internalError(String file, Throwable e) {
        String message = Redact.text(String.valueOf(e.getMessage()));
        if (message.length() > MAX_EXCEPTION_MESSAGE) {
            message = message.substring(0, MAX_EXCEPTION_MESSAGE) + "...";
        }
        return new Finding(Severity.ERROR, file, 0, 0, "", INTERNAL_ERROR + e.getClass().getName() + ": " + message);
    }

    /** Whether this finding reports a failure of the checks themselves, not of the file. */
    public boolean internal() {
        return line == 0 && message.startsWith(INTERNAL_ERROR);
    }

    public String format() {
        if (line <= 0) {
            return file + ": " + message;
        }
        String where = pointer == null || pointer.isEmpty() ? "/" : pointer;
        return file + ":" + line + ":" + column + ": " + where + ": " + prefix() + message;
    }

    private String prefix() {
        return switch (severity) {
            case ERROR -> "";
            case WARNING -> "warning: ";
            case NOTE -> "note: ";
        };
    }
}
