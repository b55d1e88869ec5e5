package dev.flinkgitops.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The manual way: Flink's own command line ({@code org.apache.flink.client.cli.CliFrontend}, what
 * {@code bin/flink} runs), one JVM per command, as an engineer or a CI script would call it. This
 * is the leanest form of it: a plain {@code java} with the Flink jars, without the {@code bin/flink}
 * shell wrapper (which adds its own start-up), with logging at ERROR.
 */
final class FlinkCli {

    private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");
    private static final Pattern JOB_ID = Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");

    private final Path confDir;
    private final String address;
    private final Path jobJar;

    FlinkCli(Path dir, URI rest, Path jobJar) throws IOException {
        this.confDir = Files.createDirectories(dir.resolve("flink-conf"));
        this.address = rest.getHost() + ":" + rest.getPort();
        this.jobJar = jobJar;
        Files.writeString(confDir.resolve("config.yaml"),
                "rest.address: " + rest.getHost() + "\nrest.port: " + rest.getPort() + "\n", StandardCharsets.UTF_8);
    }

    /** {@code flink stop --savepointPath DIR JOB}; the savepoint's path. */
    String stop(String jobId, String savepointDir) {
        return find(SAVEPOINT, call("stop", "--savepointPath", savepointDir, "-m", address, jobId), "stop " + jobId);
    }

    /** {@code flink run -d -s SAVEPOINT JAR ARGS}; the new job's id. */
    String runFrom(String savepoint, List<String> jobArgs) {
        List<String> args = new ArrayList<>(List.of("run", "-d", "-m", address));
        if (savepoint != null) {
            args.addAll(List.of("-s", savepoint));
        }
        args.add(jobJar.toString());
        args.addAll(jobArgs);
        return find(JOB_ID, call(args.toArray(String[]::new)), "run " + jobArgs);
    }

    private String call(String... args) {
        List<String> command = new ArrayList<>(List.of(Bench.java(),
                "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-Dlogback.configurationFile=logback-bench.xml",
                "-cp", System.getProperty("java.class.path"), "org.apache.flink.client.cli.CliFrontend"));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("FLINK_CONF_DIR", confDir.toString());
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("flink " + String.join(" ", args) + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run the Flink CLI", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String find(Pattern pattern, String output, String what) {
        Matcher m = pattern.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("flink " + what + ": no '" + pattern.pattern() + "' in its output:\n" + output);
        }
        return m.group(1);
    }
}
