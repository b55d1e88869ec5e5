package dev.flinkgitops.flink;

import dev.flinkgitops.port.FlinkException;

/**
 * Flink itself answered with an error ({@code {"errors": [...]}}, HTTP 4xx/5xx): unlike a proxy's
 * error page, its status means what Flink says it means (404: Flink does not know the job or
 * trigger).
 */
public final class FlinkErrorAnswer extends FlinkException {

    public FlinkErrorAnswer(String message, int httpStatus) {
        super(message, httpStatus);
    }
}
