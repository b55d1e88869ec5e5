package dev.flinkgitops.server;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's read-only pages and their JSON ({@code /}, {@code /apps/...}, {@code /api/v1/apps...}),
 * answered on the same port as {@code /metrics}. Called on a server thread for every GET that is not one
 * of the fixed paths; must not block on the daemon's tick.
 */
public interface Pages {

    /** No pages: every other path is 404. */
    Pages NONE = (path, query) -> Optional.empty();

    /**
     * The answer to a GET of {@code path} with its query parameters, or empty when {@code path} is not
     * one of the pages (404).
     */
    Optional<Answer> get(String path, Map<String, List<String>> query);

    /** Whether {@code path} is one of the pages (another method than GET on it is 405, not 404); renders nothing. */
    default boolean serves(String path) {
        return get(path, Map.of()).isPresent();
    }

    /** A whole answer: status, content type and body. */
    record Answer(int status, String contentType, String body) {

        public static final String HTML = "text/html; charset=utf-8";
        public static final String JSON = "application/json";
        public static final String TEXT = "text/plain; charset=utf-8";
    }
}
