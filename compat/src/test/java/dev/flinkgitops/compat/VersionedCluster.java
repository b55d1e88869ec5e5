package dev.flinkgitops.compat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Flink session cluster of one version in a JVM of its own (the {@code CompatCluster} launcher on
 * that version's jars, see {@link FlinkBuild}); its log goes to {@code <dir>/flink.log}. It lives
 * until its standard input closes.
 */
final class VersionedCluster implements AutoCloseable {

    /** Flink's default {@code env.java.opts.all} (1.18+): what its JVMs need on Java 17. */
    private static final List<String> JAVA_17_OPTIONS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private final Process process;
    private final URI restUrl;
    private final Path log;

    private VersionedCluster(Process process, URI restUrl, Path log) {
        this.process = process;
        this.restUrl = restUrl;
        this.log = log;
    }

    /** Starts the cluster with {@code slots} task slots and its directories under {@code dir}. */
    static VersionedCluster start(FlinkBuild flink, Path dir, int slots) throws IOException {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx1g", "-XX:+UseSerialGC"));
        command.addAll(JAVA_17_OPTIONS);
        command.addAll(List.of("-cp", flink.classes() + java.io.File.pathSeparator + flink.classpath(),
                FlinkBuild.CLUSTER_CLASS, dir.toString(), Integer.toString(slots)));
        Path log = dir.resolve("flink.log");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("REST ")) {
            process.destroyForcibly();
            throw new IllegalStateException("Flink " + flink.version() + " did not start (said: " + line + "); see " + log);
        }
        return new VersionedCluster(process, URI.create(line.substring(5)), log);
    }

    URI restUrl() {
        return restUrl;
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        dev.flinkgitops.testing.ChildProcesses.stop(process);
    }
}
