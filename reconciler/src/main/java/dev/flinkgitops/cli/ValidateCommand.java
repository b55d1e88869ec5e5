package dev.flinkgitops.cli;

import dev.flinkgitops.validate.FileResult;
import dev.flinkgitops.validate.Finding;
import dev.flinkgitops.validate.SpecValidator;
import dev.flinkgitops.validate.ValidationSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code flink-gitops validate PATH...}: every violation of every spec, as {@code file:line:column: /pointer: message}. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Validates spec files (or every .yaml/.yml file under the given folders) against the schema",
            "and the semantic checks. Prints every violation as file:line:column: /json/pointer: message.",
            "Exit code: 0 valid, 1 any violation, 64 bad usage, 70 an internal error (a file that could not be read",
            "or checked: every other file is still checked). Needs no network. Dot-files and dot-folders are skipped."})
final class ValidateCommand implements Callable<Integer> {

    /** Exit code when a file could not be read or checked (EX_SOFTWARE). */
    static final int INTERNAL_ERROR = 70;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Spec files or folders.")
    List<Path> paths;

    @Option(names = "--no-default-savepoint-dir",
            description = "The daemon runs without --savepoint-dir: stateful specs must set state.savepoints.dir.")
    boolean noDefaultSavepointDir;

    @Option(names = "--savepoint-dir", paramLabel = "DIR",
            description = "The daemon's --savepoint-dir; with --kubernetes it is checked for shared storage per app.")
    String savepointDir;

    @Option(names = "--jar-schemes", split = ",", paramLabel = "SCHEME",
            description = "Allowed jarURI schemes (default: ${DEFAULT-VALUE}).", defaultValue = "local,file,http,https")
    Set<String> jarSchemes;

    @Option(names = "--kubernetes", description = "Validate for the Kubernetes target (FlinkDeployments need an image).")
    boolean kubernetes;

    @Option(names = "--namespace", split = ",", paramLabel = "NS", description = "The namespaces apps may use (default: any).")
    Set<String> namespaces = new java.util.TreeSet<>();

    @picocli.CommandLine.Mixin
    TenantOption tenant = new TenantOption();

    @picocli.CommandLine.Mixin
    PodForbidOption podForbid = new PodForbidOption();

    @picocli.CommandLine.Mixin
    NetworkPeersOption networkPeers = new NetworkPeersOption();

    @Option(names = "--quiet", description = "Print errors and warnings only, not notes.")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, Callable<byte[]>> files = new TreeMap<>();
        for (Path path : paths) {
            if (!Files.isDirectory(path) && !Files.isRegularFile(path)) {
                spec.commandLine().getErr().println("flink-gitops: no such file or folder: " + path);
                return Main.USAGE;
            }
            collect(path, files);
        }
        ValidationSettings settings = ValidationSettings.defaults()
                .withJarSchemes(jarSchemes)
                .withDefaultSavepointDirConfigured(!noDefaultSavepointDir)
                .withKubernetesTarget(kubernetes)
                .withNamespaces(namespaces)
                .withTenancy(tenant.tenancy())
                .withPodPolicy(podForbid.policy())
                .withIngressNamespace(networkPeers.peers().ingressNamespace())
                .withDefaultSavepointDir(noDefaultSavepointDir ? null : savepointDir);
        try {
            return report(new SpecValidator(settings).readAndValidateAll(files));
        } catch (RuntimeException e) {
            // Files fail one by one, as findings: this is the validator itself failing (its schema missing, say).
            spec.commandLine().getErr().println("flink-gitops: internal error: " + e);
            return INTERNAL_ERROR;
        }
    }

    /** Prints every finding (errors and warnings; notes unless --quiet) and a summary; returns the exit code. */
    private int report(List<FileResult> results) {
        PrintWriter out = spec.commandLine().getOut();
        int errors = 0;
        int warnings = 0;
        int notes = 0;
        int internal = 0;
        for (FileResult result : results) {
            for (Finding finding : result.findings()) {
                boolean error = finding.severity() == Finding.Severity.ERROR;
                boolean warning = finding.severity() == Finding.Severity.WARNING;
                errors += error ? 1 : 0;
                warnings += warning ? 1 : 0;
                notes += error || warning ? 0 : 1;
                internal += finding.internal() ? 1 : 0;
                if (error || warning || !quiet) {
                    out.println(finding.format());
                }
            }
        }
        long files = results.stream().map(FileResult::file).distinct().count();
        // a file of several documents has a result for each: count the resources too
        out.printf("%s, %d valid, %d errors, %s%d notes%s%n",
                files + " files" + (files == results.size() ? "" : ", " + results.size() + " resources"),
                results.stream().filter(FileResult::valid).count(), errors, warnings == 0 ? "" : warnings + " warnings, ", notes,
                internal == 0 ? "" : " (" + internal + " internal: a bug in flink-gitops or an unreadable file)");
        out.flush();
        return internal > 0 ? INTERNAL_ERROR : errors > 0 ? 1 : 0;
    }

    /**
     * Whether a file found under {@code root} is, or is inside, a dot-file or dot-folder ({@code .github/},
     * {@code .gitlab-ci.yml}): CI configuration, not specs. A file named on the command line is always read.
     */
    private static boolean hidden(Path root, Path file) {
        for (Path name : root.relativize(file)) {
            if (name.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean spec(Path file) {
        return file.toString().endsWith(".yaml") || file.toString().endsWith(".yml");
    }

    /**
     * The spec files at {@code path}, each read only when validated: a file (or folder) that cannot be read is a
     * finding on it. Under a folder, a symbolic link is read as git stores it (its target's path), as the daemon
     * sees it; pipes and devices are skipped. A file named on the command line is read, link or not.
     */
    private static void collect(Path path, Map<String, Callable<byte[]>> files) {
        if (!Files.isDirectory(path)) {
            files.put(path.toString(), () -> Files.readAllBytes(path));
            return;
        }
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    return dir.equals(path) || !hidden(path, dir) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (!spec(file) || hidden(path, file)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (attributes.isSymbolicLink()) {
                        // git stores a link as its target's path, and that is what the daemon reads
                        files.put(file.toString(), () -> Files.readSymbolicLink(file).toString().getBytes(StandardCharsets.UTF_8));
                    } else if (attributes.isRegularFile()) {
                        files.put(file.toString(), () -> Files.readAllBytes(file));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    files.put(file.toString(), () -> {
                        throw e;
                    });
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            files.put(path.toString(), () -> {
                throw e;
            });
        }
    }
}
