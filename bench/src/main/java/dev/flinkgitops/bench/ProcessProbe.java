package dev.flinkgitops.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Reads a child daemon from outside: its memory and CPU from /proc (Linux), and its HTTP port
 * (/healthz, /readyz, /metrics).
 */
final class ProcessProbe {

    /** USER_HZ: the unit of utime/stime in /proc/PID/stat (100 on every Linux this runs on). */
    private static final double CLOCK_TICKS_PER_SECOND = 100;

    private final long pid;
    private final URI http;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();

    ProcessProbe(long pid, URI http) {
        this.pid = pid;
        this.http = http;
    }

    /** A field of /proc/PID/status in MiB, such as VmRSS or VmHWM. */
    double statusMiB(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
            throw new IllegalStateException(field + " not in /proc/" + pid + "/status");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** User + system CPU time of the process so far, in ms. */
    double cpuMs() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / CLOCK_TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The HTTP status of GET path, or -1 while the port does not answer. */
    int status(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(http.resolve(path)).timeout(Duration.ofSeconds(5)).GET().build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The value of the first /metrics series whose line starts with {@code series}, if any. */
    OptionalDouble metric(String series) {
        return metrics().lines().filter(l -> l.startsWith(series))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst();
    }

    /** The daemon's /metrics text, or "" while the port does not answer. */
    String metrics() {
        try {
            HttpRequest request = HttpRequest.newBuilder(http.resolve("/metrics")).timeout(Duration.ofSeconds(5)).GET().build();
            return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    double metricOrZero(String series) {
        return metric(series).orElse(0);
    }

    /**
     * Milliseconds from {@code startNanos} until {@code condition} holds, polled every 5 ms (a finer
     * grain than Await's 50 ms, as this is the measured figure), at most {@code timeout}.
     */
    static double msUntil(long startNanos, Duration timeout, String what, BooleanSupplier condition) {
        long deadline = startNanos + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return Bench.ms(System.nanoTime() - startNanos);
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
    }
}
