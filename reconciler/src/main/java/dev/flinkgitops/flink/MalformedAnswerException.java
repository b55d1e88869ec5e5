package dev.flinkgitops.flink;

import dev.flinkgitops.port.FlinkException;

/**
 * The cluster answered, but not with what Flink answers to this call (an HTML page, an empty
 * body, JSON of the wrong shape). A failed call: nothing is concluded from it.
 */
public final class MalformedAnswerException extends FlinkException {

    public MalformedAnswerException(String message, int httpStatus) {
        super(message, httpStatus);
    }
}
