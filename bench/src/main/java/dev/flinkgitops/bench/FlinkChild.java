package dev.flinkgitops.bench;

import dev.flinkgitops.flink.EmbeddedFlinkCluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A real Flink cluster (Flink's MiniCluster: a dispatcher, a job master per job and one task
 * executor, with the REST API) in a JVM of its own, so that neither the daemon nor the CLI
 * shares a process, a heap or a JIT with it. It lives until its standard input closes.
 */
final class FlinkChild implements AutoCloseable {

    private final Process process;
    private final URI restUrl;
    private final Path savepoints;

    private FlinkChild(Process process, URI restUrl, Path savepoints) {
        this.process = process;
        this.restUrl = restUrl;
        this.savepoints = savepoints;
    }

    /** Starts the cluster with {@code slots} task slots and its directories under {@code dir}. */
    static FlinkChild start(Path dir, int slots) throws IOException {
        return start(dir, slots, false);
    }

    /** As above; with {@code adaptive}, the cluster runs Flink's adaptive scheduler (rescales in place). */
    static FlinkChild start(Path dir, int slots, boolean adaptive) throws IOException {
        List<String> command = List.of(Bench.java(), "-Xmx2g", "-XX:+UseG1GC",
                "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-Dlogback.configurationFile=logback-bench.xml",
                "-cp", System.getProperty("java.class.path"), FlinkChild.class.getName(),
                dir.toString(), Integer.toString(slots), Boolean.toString(adaptive));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("REST ")) {
            process.destroyForcibly();
            throw new IllegalStateException("the Flink cluster process did not start (said: " + line + ")");
        }
        return new FlinkChild(process, URI.create(line.substring(5)), dir.resolve("savepoints"));
    }

    URI restUrl() {
        return restUrl;
    }

    /** The cluster's default savepoint directory. */
    Path savepoints() {
        return savepoints;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        dev.flinkgitops.testing.ChildProcesses.stop(process);
    }

    /** The child: starts the cluster, prints {@code REST <url>}, and closes it when stdin closes. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        EmbeddedFlinkCluster.Settings settings = EmbeddedFlinkCluster.Settings.defaults(dir)
                .withPort(0).withTaskSlots(Integer.parseInt(args[1]))
                .withAdaptiveScheduler(args.length > 2 && Boolean.parseBoolean(args[2]));
        try (EmbeddedFlinkCluster cluster = EmbeddedFlinkCluster.start(settings)) {
            System.out.println("REST " + cluster.restUrl());
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the parent closes our stdin (or dies)
            }
        }
    }
}
