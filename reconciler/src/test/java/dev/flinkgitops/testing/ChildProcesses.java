package dev.flinkgitops.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/** Child JVMs that run until their stdin closes (a Flink cluster of another version, a bench child). */
public final class ChildProcesses {

    private ChildProcesses() {}

    /** Closes the child's stdin so it shuts down on its own; after 60 s it is killed. */
    public static void stop(Process process) {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
