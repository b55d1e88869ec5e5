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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code flink-gitops validate PATH...}: every violation of every spec, as {@code file:line:column: /pointer: message}. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Validates spec files (or every .yaml/.yml file under the given folders) against the schema",
            "and the semantic checks. Prints every violation as file:line:column: /json/pointer: message.",
            "Exit code: 0 valid, 1 any violation, 64 bad usage. Needs no network. Dot-files and dot-folders are skipped."})
final class ValidateCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Spec files or folders.")
    List<Path> paths;

    @Option(names = "--no-default-savepoint-dir",
            description = "The daemon runs without --savepoint-dir: stateful specs must set state.savepoints.dir.")
    boolean noDefaultSavepointDir;

    @Option(names = "--jar-schemes", split = ",", paramLabel = "SCHEME",
            description = "Allowed jarURI schemes (default: ${DEFAULT-VALUE}).", defaultValue = "local,file,http,https")
    Set<String> jarSchemes;

    @Option(names = "--kubernetes", description = "Validate for the Kubernetes target (FlinkDeployments need an image).")
    boolean kubernetes;

    @Option(names = "--namespace", split = ",", paramLabel = "NS", description = "The namespaces apps may use (default: any).")
    Set<String> namespaces = new java.util.TreeSet<>();

    @picocli.CommandLine.Mixin
    TenantOption tenant = new TenantOption();

    @Option(names = "--quiet", description = "Print errors only, not notes.")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        ValidationSettings settings = ValidationSettings.defaults()
                .withJarSchemes(jarSchemes)
                .withDefaultSavepointDirConfigured(!noDefaultSavepointDir)
                .withKubernetesTarget(kubernetes)
                .withNamespaces(namespaces)
                .withTenancy(tenant.tenancy());
        Map<String, byte[]> files = new TreeMap<>();
        for (Path path : paths) {
            collect(path, files);
        }
        List<FileResult> results = new SpecValidator(settings).validateAll(files);
        int errors = 0;
        int notes = 0;
        for (FileResult result : results) {
            for (Finding finding : result.findings()) {
                boolean error = finding.severity() == Finding.Severity.ERROR;
                errors += error ? 1 : 0;
                notes += error ? 0 : 1;
                if (error || !quiet) {
                    out.println(finding.format());
                }
            }
        }
        out.printf("%d files, %d valid, %d errors, %d notes%n", results.size(),
                results.stream().filter(FileResult::valid).count(), errors, notes);
        out.flush();
        return errors == 0 ? 0 : 1;
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

    private static void collect(Path path, Map<String, byte[]> files) throws IOException {
        if (Files.isDirectory(path)) {
            try (Stream<Path> walk = Files.walk(path)) {
                for (Path file : walk.filter(Files::isRegularFile)
                        .filter(f -> !hidden(path, f))
                        .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList()) {
                    files.put(file.toString(), Files.readAllBytes(file));
                }
            }
        } else if (Files.isRegularFile(path)) {
            files.put(path.toString(), Files.readAllBytes(path));
        } else {
            throw new IOException("no such file or folder: " + path);
        }
    }
}
