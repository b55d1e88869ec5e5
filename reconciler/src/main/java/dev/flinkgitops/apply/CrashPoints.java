package dev.flinkgitops.apply;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash injection for the crash-matrix tests. With the system property
 * {@code flinkgitops.crash-at=NAME}, the daemon kills itself with SIGKILL (no shutdown hooks,
 * no cleanup, exactly as if the machine died) the first time it reaches the point NAME.
 * Without the property this does nothing.
 *
 * <p>Points: {@code after-push:PHASE} and {@code after-push:PHASE:STEP} (a status with that
 * phase and operation step is durable on the status branch), {@code after-stop-triggered},
 * {@code after-savepoint-triggered}, {@code after-submit}, {@code after-cancel} (the Flink
 * call returned; nothing about it is recorded yet).
 */
public final class CrashPoints {

    private static final Logger log = LoggerFactory.getLogger(CrashPoints.class);
    private static final String TARGET = System.getProperty("flinkgitops.crash-at");

    private CrashPoints() {}

    public static void reach(String point) {
        if (TARGET == null || !TARGET.equals(point)) {
            return;
        }
        log.error("CRASH at {}: killing this daemon with SIGKILL", point);
        System.err.println("CRASH at " + point);
        System.err.flush();
        try {
            new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid())).start().waitFor();
        } catch (Exception e) {
            // fall through to halt
        }
        Runtime.getRuntime().halt(137);
    }
}
