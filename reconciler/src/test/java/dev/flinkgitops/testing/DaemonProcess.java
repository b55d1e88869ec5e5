package dev.flinkgitops.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The daemon jar run as a child JVM (the same {@code java} as the test), so that it can die
 * (SIGKILL at a crash point) while the test JVM, and the Flink cluster in it, live on. Its
 * stdout and stderr go to {@code <logs>/<name>.out} and {@code <logs>/<name>.err}.
 */
public final class DaemonProcess implements AutoCloseable {

    /** Exit code of a JVM killed by SIGKILL (128 + 9), and of the crash point's fallback halt. */
    public static final int KILLED = 137;

    /** System property naming the daemon jar; failsafe sets it. */
    public static final String JAR_PROPERTY = "flinkgitops.jar";

    /** What the daemon logs once it is wired, just before its first tick. */
    private static final Pattern LISTENING = Pattern.compile("HTTP endpoints listening on (http://\\S+)");

    private final String name;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private DaemonProcess(String name, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The daemon jar named by the {@value #JAR_PROPERTY} system property. */
    public static Path jar() {
        String property = System.getProperty(JAR_PROPERTY);
        if (property == null || !Files.isRegularFile(Path.of(property))) {
            throw new IllegalStateException("system property " + JAR_PROPERTY + " must name the built daemon jar, got "
                    + property + ": run mvn package first, and the test through failsafe");
        }
        return Path.of(property);
    }

    /**
     * Starts {@code java [-Dflinkgitops.crash-at=POINT] -jar JAR ARGS...}.
     *
     * @param crashPoint the point where the daemon kills itself, or null for none
     */
    public static DaemonProcess start(String name, Path logs, String crashPoint, List<String> args) {
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m", "-XX:+UseSerialGC"));
        if (crashPoint != null) {
            jvm.add("-Dflinkgitops.crash-at=" + crashPoint);
        }
        return start(name, logs, jar(), jvm, args);
    }

    /** Starts {@code java JVM_OPTIONS... -jar JAR ARGS...} (the benchmarks choose the JVM options). */
    public static DaemonProcess start(String name, Path logs, Path jar, List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        try {
            Files.createDirectories(logs);
            Path out = logs.resolve(name + ".out");
            Path err = logs.resolve(name + ".err");
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            return new DaemonProcess(name, process, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start daemon " + name + ": " + command, e);
        }
    }

    /** The exit code once the process has ended within {@code timeout}; empty if it still runs. */
    public OptionalInt waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? OptionalInt.of(process.exitValue())
                    : OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /** True once the daemon has logged that its HTTP port listens: it is wired and about to tick. */
    public boolean up() {
        return LISTENING.matcher(stdout()).find();
    }

    /**
     * The sum of a series' samples (over every label set) on the daemon's {@code /metrics}, at the
     * address it logged; empty before it logged one, or while the port does not answer.
     */
    public OptionalDouble metric(String series) {
        Matcher address = LISTENING.matcher(stdout());
        if (!address.find()) {
            return OptionalDouble.empty();
        }
        try {
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(address.group(1)).resolve("/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            return OptionalDouble.of(text.lines().filter(l -> l.startsWith(series + " ") || l.startsWith(series + "{"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum());
        } catch (IOException e) {
            return OptionalDouble.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalDouble.empty();
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public String name() {
        return name;
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    /** The last {@code lines} lines of stdout and stderr, for failure messages. */
    public String tail(int lines) {
        return name + " stdout:\n" + last(stdout(), lines) + "\n" + name + " stderr:\n" + last(stderr(), lines);
    }

    /**
     * Kills the daemon with SIGKILL ({@link Process#destroyForcibly()} on Linux: no shutdown hook
     * runs) and returns its exit code, or empty if it has not ended within {@code timeout}.
     */
    public OptionalInt kill(Duration timeout) {
        process.destroyForcibly();
        return waitForExit(timeout);
    }

    /** Asks the daemon to stop (SIGTERM), and kills it if it has not ended within 10 s. */
    public void destroy() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (waitForExit(Duration.ofSeconds(10)).isEmpty()) {
            process.destroyForcibly();
            waitForExit(Duration.ofSeconds(10));
        }
    }

    @Override
    public void close() {
        destroy();
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String last(String text, int lines) {
        String[] all = text.split("\n");
        int from = Math.max(0, all.length - lines);
        return String.join("\n", java.util.Arrays.asList(all).subList(from, all.length));
    }
}
