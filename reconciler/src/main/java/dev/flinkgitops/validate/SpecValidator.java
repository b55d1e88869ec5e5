package dev.flinkgitops.validate;

import dev.flinkgitops.redact.Redact;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.Kind;
import dev.flinkgitops.appspec.AppSpecReader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkgitops.yaml.SafeYamlReader;
import dev.flinkgitops.yaml.SourcePosition;
import dev.flinkgitops.yaml.YamlProblem;
import dev.flinkgitops.yaml.YamlReadResult;
import dev.flinkgitops.yaml.YamlDocument;
import dev.flinkgitops.yaml.YamlFile;
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
 * is reported as a {@link Finding}. Each document of each file is checked in isolation (a
 * {@link FileResult} each): an exception on one is a finding on that one. Pure apart from loading the schema once at construction
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

    /**
     * A file of one document on its own: YAML safety, schema and per-file semantic checks. A file
     * of several documents gets an error here: read it with {@link #validateDocuments}.
     */
    public FileResult validateFile(String file, byte[] content) {
        return validateFile(file, () -> content);
    }

    /** As above, reading the file from {@code content} (see {@link #validateDocuments}). */
    public FileResult validateFile(String file, Callable<byte[]> content) {
        List<FileResult> documents = validateDocuments(file, content);
        if (documents.size() == 1) {
            return documents.get(0);
        }
        return new FileResult(file, null, List.of(new Finding(Finding.Severity.ERROR, file, 1, 1, "",
                documents.size() + " YAML documents where one is expected")));
    }

    /**
     * Reads one file and checks each of its documents on its own: a result per document that is
     * not empty, in file order, or one result for the whole file when it cannot be read (see
     * {@link SafeYamlReader#readAll}). Any exception while reading the file is a finding on it
     * ({@code file: internal error: <class>: <message>}), one while checking a document a finding
     * on that document, so that one file or document can never stop the others from being validated.
     */
    public List<FileResult> validateDocuments(String file, Callable<byte[]> content) {
        YamlFile read;
        try {
            read = yaml.readAll(content.call());
        } catch (Exception | StackOverflowError e) {
            log.warn("internal error while reading {}", file, Redact.throwable(e));
            return List.of(new FileResult(file, null, List.of(Finding.internalError(file, e)), null, 0, null));
        }
        if (!read.readable()) {
            return List.of(new FileResult(file, null, sorted(yamlFindings(file, read.problems())), null, 0, null));
        }
        List<FileResult> results = new ArrayList<>();
        for (YamlDocument document : read.documents()) {
            try {
                results.add(checked(file, document));
            } catch (Exception | StackOverflowError e) {
                log.warn("internal error while validating document {} of {}", document.index(), file, Redact.throwable(e));
                results.add(new FileResult(file, null, List.of(Finding.internalError(file, e)), null, document.index(), null));
            }
        }
        return results;
    }

    private FileResult checked(String file, YamlDocument document) {
        YamlReadResult read = document.read();
        int index = document.index();
        if (!read.readable()) {
            return new FileResult(file, null, sorted(yamlFindings(file, read.problems())), null, index, null);
        }
        YamlTree tree = read.tree();
        SourcePosition identity = tree.positionOf("/metadata/name");
        if (Canary.is(tree)) {
            return new FileResult(file, null, List.of(Canary.note(file, tree)), identity, index, null);
        }
        AppId claimed = claimed(tree.root());
        List<Finding> schemaFindings = schema.check(file, tree);
        if (!schemaFindings.isEmpty()) {
            return new FileResult(file, null, sorted(schemaFindings), identity, index, claimed);
        }
        AppSpec spec = AppSpecReader.read(file, tree.root());
        List<Finding> findings = sorted(semantics.check(file, tree, spec));
        boolean valid = findings.stream().noneMatch(f -> f.severity() == Finding.Severity.ERROR);
        return new FileResult(file, valid ? spec : null, findings, identity, index, claimed);
    }

    /** The identity a document names, read as the model does, or null when it names none (or not as text). */
    private static AppId claimed(JsonNode root) {
        JsonNode name = root.path("metadata").path("name");
        JsonNode namespace = root.path("metadata").path("namespace");
        if (Kind.FLINK_STATE_SNAPSHOT.yamlName().equals(root.path("kind").asText()) // a snapshot's name is its own, not an app's
                || !name.isTextual() || !(namespace.isMissingNode() || namespace.isNull() || namespace.isTextual())) {
            return null;
        }
        return new AppId(namespace.isTextual() ? namespace.textValue() : AppId.DEFAULT_NAMESPACE, name.textValue());
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

    /** Every file, then the cross-file checks; results sorted by path (a file's documents in file order). */
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
        new TreeMap<>(filesByPath).forEach((path, content) -> results.addAll(validateDocuments(path, content)));
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
