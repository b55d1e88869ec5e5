package dev.flinkgitops.rollback;

/** A rollback that cannot be written, with what is missing or wrong; nothing was committed. */
public final class RollbackException extends RuntimeException {

    public RollbackException(String message) {
        super(message);
    }
}
