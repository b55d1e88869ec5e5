package dev.flinkgitops.validate;

import dev.flinkgitops.spec.AppId;
import dev.flinkgitops.spec.AppSpec;
import dev.flinkgitops.spec.AppSpecReader;
import dev.flinkgitops.spec.SafeYamlReader;
import dev.flinkgitops.spec.SourcePosition;
import dev.flinkgitops.spec.YamlProblem;
import dev.flinkgitops.spec.YamlReadResult;
import dev.flinkgitops.spec.YamlTree;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Validates spec files: safe YAML, then the JSON Schema, then semantic rules; every violation
 * is reported as a {@link Finding}. Pure apart from loading the schema once at construction;
 * thread-safe.
 */
public final class SpecValidator {

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
        YamlReadResult read = yaml.read(content);
        if (!read.readable()) {
            return new FileResult(file, null, sorted(yamlFindings(file, read.problems())));
        }
        YamlTree tree = read.tree();
        SourcePosition identity = tree.positionOf("/metadata/name");
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
        return IdentityCheck.check(results, owners);
    }

    /** Every file, then the cross-file checks; results sorted by path. */
    public List<FileResult> validateAll(Map<String, byte[]> filesByPath) {
        return validateAll(filesByPath, Map.of());
    }

    /** Every file, then the cross-file checks with known {@code owners}; results sorted by path. */
    public List<FileResult> validateAll(Map<String, byte[]> filesByPath, Map<AppId, String> owners) {
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
