package dev.flinkgitops.validate;

import dev.flinkgitops.redact.Redact;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.AppSpecReader;
import dev.flinkgitops.yaml.SafeYamlReader;
import dev.flinkgitops.yaml.SourcePosition;
import dev.flinkgitops.yaml.YamlProblem;
import dev.flinkgitops.yaml.YamlReadResult;
import dev.flinkgitops.yaml.YamlTree;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates spec files: safe YAML, then the JSON Schema, then semantic rules; every violation
 * is reported as a {@link Finding}. Each file is checked in isolation: an exception on one
 * file is a finding on that file. Pure apart from loading the schema once at construction
 * (and logging an internal error's stack trace); thread-safe.
 */
public final class SpecValidator {

    private static final Logger log = LoggerFactory.getLogger(SpecValidator.class);

    private static final Comparator<Finding> FILE_ORDER = Comparator.comparingInt(Finding::line)
            .thenComparingInt(Finding::column)
            .thenComparing(Finding::pointer)
            .thenComparing(Finding::message);

    private final SafeYamlReader yaml;
    private final SchemaCheck schema;
    private final SemanticCheck semantics;

    public SpecValidator(ValidationSettings settings) {
        this.yaml = new SafeYamlReader(settings.maxBytes(), settings.maxDepth());
        this.schema = new SchemaCheck();
        this.semantics = new SemanticCheck(settings);
    }

    /** One file on its own: YAML safety, schema and per-file semantic checks. */
    public FileResult validateFile(String file, byte[] content) {
        return validateFile(file, () -> content);
    }

    /**
     * Reads one file and checks it on its own. Any exception while reading or checking it is a
     * finding on that file ({@code file: internal error: <class>: <message>}), so that one file
     * can never stop the others from being validated.
     */
    public FileResult validateFile(String file, Callable<byte[]> content) {
        try {
            return checked(file, content.call());
        } catch (Exception | StackOverflowError e) {
            log.warn("internal error while validating {}", file, Redact.throwable(e));
            return new FileResult(file, null, List.of(Finding.internalError(file, e)));
        }
    }

    private FileResult checked(String file, byte[] content) {
        YamlReadResult read = yaml.read(content);
        if (!read.readable()) {
            return new FileResult(file, null, sorted(yamlFindings(file, read.problems())));
        }
        YamlTree tree = read.tree();
        SourcePosition identity = tree.positionOf("/metadata/name");
        if (Canary.is(tree)) {
            return new FileResult(file, null, List.of(Canary.note(file, tree)), identity);
        }
        List<Finding> schemaFindings = schema.check(file, tree);
        if (!schemaFindings.isEmpty()) {
            return new FileResult(file, null, sorted(schemaFindings), identity);
        }
        AppSpec spec = AppSpecReader.read(file, tree.root());
        List<Finding> findings = sorted(semantics.check(file, tree, spec));
        boolean valid = findings.stream().noneMatch(f -> f.severity() == Finding.Severity.ERROR);
        return new FileResult(file, valid ? spec : null, findings, identity);
    }

    /** The results with cross-file errors added (duplicate identities); same order. */
    public List<FileResult> checkAcrossFiles(List<FileResult> results) {
        return checkAcrossFiles(results, Map.of());
    }

    /**
     * As above, where an app with an owner (the file it runs from, from the status branch) stays
     * with that file: only the other files claiming its identity get the error.
     */
    public List<FileResult> checkAcrossFiles(List<FileResult> results, Map<AppId, String> owners) {
        return SnapshotCheck.acrossFiles(IdentityCheck.check(results, owners));
    }

    /** Every file, then the cross-file checks; results sorted by path. */
    public List<FileResult> validateAll(Map<String, byte[]> filesByPath) {
        return validateAll(filesByPath, Map.of());
    }

    /** Every file, then the cross-file checks with known {@code owners}; results sorted by path. */
    public List<FileResult> validateAll(Map<String, byte[]> filesByPath, Map<AppId, String> owners) {
        Map<String, Callable<byte[]>> sources = new TreeMap<>();
        filesByPath.forEach((path, content) -> sources.put(path, () -> content));
        return readAndValidateAll(sources, owners);
    }

    /** Reads and checks every file (each read failure a finding on its file), then the cross-file checks; sorted by path. */
    public List<FileResult> readAndValidateAll(Map<String, Callable<byte[]>> filesByPath) {
        return readAndValidateAll(filesByPath, Map.of());
    }

    /** As above, with known {@code owners} (see {@link #checkAcrossFiles(List, Map)}). */
    public List<FileResult> readAndValidateAll(Map<String, Callable<byte[]>> filesByPath, Map<AppId, String> owners) {
        List<FileResult> results = new ArrayList<>();
        new TreeMap<>(filesByPath).forEach((path, content) -> results.add(validateFile(path, content)));
        return checkAcrossFiles(results, owners);
    }

    private static List<Finding> yamlFindings(String file, List<YamlProblem> problems) {
        return problems.stream()
                .map(p -> new Finding(Finding.Severity.ERROR, file, p.position().line(), p.position().column(), p.pointer(), p.message()))
                .toList();
    }

    private static List<Finding> sorted(List<Finding> findings) {
        List<Finding> copy = new ArrayList<>(findings);
        copy.sort(FILE_ORDER);
        return copy;
    }
}
