package dev.flinkgitops.validate;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.yaml.SourcePosition;
import java.util.ArrayList;
import java.util.List;

/**
 * The validation outcome of one resource: one document of a spec file (a file of one document
 * has one result; a file of several, one per document that is not empty; a file that cannot be
 * read at all, one result for the whole file).
 *
 * @param spec the model, or null when the document has an error
 * @param findings errors and notes, in file order
 * @param identityPosition where {@code metadata.name} is written, so that cross-file checks
 *     can point at it; null when unknown
 * @param document the document's 1-based index among the file's documents that are not empty;
 *     0 for a result about the whole file (it could not be cut into documents)
 * @param claimed the identity the document names ({@code metadata.namespace}/{@code name}),
 *     read even when the document is invalid, so that its app keeps its last valid spec; null
 *     when the document does not say (its YAML is unreadable, or no name is written)
 */
public record FileResult(String file, AppSpec spec, List<Finding> findings, SourcePosition identityPosition,
        int document, AppId claimed) {

    public FileResult {
        findings = List.copyOf(findings);
        if (spec != null) {
            claimed = spec.id();
        }
    }

    public FileResult(String file, AppSpec spec, List<Finding> findings, SourcePosition identityPosition) {
        this(file, spec, findings, identityPosition, 1, null);
    }

    public FileResult(String file, AppSpec spec, List<Finding> findings) {
        this(file, spec, findings, null);
    }

    /** True when there is a model and no finding is an error. */
    public boolean valid() {
        return spec != null && findings.stream().noneMatch(f -> f.severity() == Finding.Severity.ERROR);
    }

    /**
     * True for a file flink-gitops deliberately does not deploy, with a note saying why (the
     * operator's canary resources): no model, no error. Not valid, not invalid: no app.
     */
    public boolean skipped() {
        return spec == null && !findings.isEmpty() && findings.stream().noneMatch(f -> f.severity() == Finding.Severity.ERROR);
    }

    public List<Finding> errors() {
        return findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).toList();
    }

    /** Warnings: fields this file sets that flink-gitops does not act on. */
    public List<Finding> warnings() {
        return findings.stream().filter(f -> f.severity() == Finding.Severity.WARNING).toList();
    }

    /** Everything that is not an error (warnings and notes). */
    public List<Finding> notes() {
        return findings.stream().filter(f -> f.severity() != Finding.Severity.ERROR).toList();
    }

    /** {@code file:line} of the document's {@code metadata.name} (the file alone when unknown). */
    public String location() {
        return identityPosition == null ? file : file + ":" + identityPosition.line();
    }

    /** This result with {@code more} findings added; an added error drops the spec (the claimed identity stays). */
    FileResult withFindings(List<Finding> more) {
        List<Finding> all = new ArrayList<>(findings);
        all.addAll(more);
        boolean stillValid = more.stream().noneMatch(f -> f.severity() == Finding.Severity.ERROR);
        return new FileResult(file, stillValid ? spec : null, all, identityPosition, document, claimed);
    }
}
