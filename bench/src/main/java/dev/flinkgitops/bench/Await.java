package dev.flinkgitops.bench;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Waits for a condition with a bounded timeout; tests never sleep to synchronise. */
public final class Await {

    private Await() {}

    /** Polls {@code condition} every 50 ms until it is true, or fails naming {@code what}. */
    public static void until(Duration timeout, String what, Supplier<Boolean> condition) {
        value(timeout, what, () -> Boolean.TRUE.equals(condition.get()) ? Boolean.TRUE : null);
    }

    /** Polls {@code probe} until it returns non-null and returns that value. */
    public static <T> T value(Duration timeout, String what, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                T value = probe.get();
                if (value != null) {
                    return value;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        AssertionError error = new AssertionError("timed out after " + timeout + " waiting for " + what);
        if (last != null) {
            error.initCause(last);
        }
        throw error;
    }
}
