package dev.flinkgitops.validate;

import dev.flinkgitops.spec.AppSpec;
import java.util.List;

/** Placeholder until the validation package lands (same API). */
public record FileResult(String file, AppSpec spec, List<Finding> findings) {
    public boolean valid() { return spec != null && errors().isEmpty(); }
    public List<Finding> errors() { return findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).toList(); }
}
