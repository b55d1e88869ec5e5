package dev.flinkgitops.validate;

import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.yaml.SourcePosition;
import java.util.ArrayList;
import java.util.List;

/**
 * The validation outcome of one spec file.
 *
 * @param spec the model, or null when the file has an error
 * @param findings errors and notes, in file order
 * @param identityPosition where {@code metadata.name} is written, so that cross-file checks
 *     can point at it; null when unknown
 */
public record FileResult(String file, AppSpec spec, List<Finding> findings, SourcePosition identityPosition) {

    public FileResult {
        findings = List.copyOf(findings);
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

    /** This result with {@code more} findings added; an added error drops the spec. */
    FileResult withFindings(List<Finding> more) {
        List<Finding> all = new ArrayList<>(findings);
        all.addAll(more);
        boolean stillValid = more.stream().noneMatch(f -> f.severity() == Finding.Severity.ERROR);
        return new FileResult(file, stillValid ? spec : null, all, identityPosition);
    }
}
