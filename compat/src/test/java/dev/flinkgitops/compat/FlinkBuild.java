package dev.flinkgitops.compat;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * What a Flink version needs in the matrix, built under {@code <work>/<version>/}: that version's
 * jars (flink-clients, flink-runtime-web, flink-streaming-java and their dependencies, resolved by
 * {@code mvn dependency:build-classpath} on {@code compat/flink/pom.xml}, so from Maven Central or
 * the local repository, as the outer build is online or offline), the cluster launcher and the
 * counter job compiled against them with {@code javac --release 11}, and the job's jar.
 */
record FlinkBuild(String version, String classpath, Path classes, Path jobJar) {

    static final String JOB_CLASS = "dev.flinkgitops.compat.flink.CompatCounterJob";
    static final String CLUSTER_CLASS = "dev.flinkgitops.compat.flink.CompatCluster";

    static FlinkBuild of(String version) {
        Path dir = CompatSettings.work().resolve(version);
        String classpath = classpath(version, dir);
        Path classes = compile(classpath, dir.resolve("classes"));
        Path jar = jar(classes, dir.resolve("compat-counter-job-" + version + ".jar"));
        return new FlinkBuild(version, classpath, classes, jar);
    }

    /** The version's jars, resolved once (kept in {@code classpath.txt}). */
    private static String classpath(String version, Path dir) {
        Path file = dir.resolve("classpath.txt");
        try {
            if (!Files.isRegularFile(file)) {
                Files.createDirectories(dir);
                List<String> command = new ArrayList<>(List.of(CompatSettings.mvn(), "-B", "-ntp", "-q",
                        "-f", CompatSettings.flinkPom().toString(), "-Dflink.version=" + version,
                        "-Dmaven.repo.local=" + CompatSettings.repository(),
                        "dependency:build-classpath", "-Dmdep.outputFile=" + file));
                if (CompatSettings.offline()) {
                    command.add(1, "-o");
                }
                Process mvn = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("resolve.log").toFile()).start();
                if (!mvn.waitFor(10, TimeUnit.MINUTES) || mvn.exitValue() != 0 || !Files.isRegularFile(file)) {
                    mvn.destroyForcibly();
                    throw new IllegalStateException("cannot resolve Flink " + version + " (" + String.join(" ", command)
                            + "):\n" + Files.readString(dir.resolve("resolve.log")));
                }
            }
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Path compile(String classpath, Path out) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("--release", "11", "-nowarn", "-d", out.toString(), "-cp", classpath));
        try (Stream<Path> sources = Files.walk(CompatSettings.flinkSources())) {
            sources.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (javac.run(null, OutputStream.nullOutputStream(), errors, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("the compat job does not compile against these jars:\n" + errors);
        }
        return out;
    }

    /** The job jar: every compiled class (Flink itself is provided by the cluster). */
    private static Path jar(Path classes, Path jar) {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
