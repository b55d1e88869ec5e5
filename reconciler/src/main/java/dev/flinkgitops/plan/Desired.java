package dev.flinkgitops.plan;

import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.validate.Finding;

import java.util.List;

/**
 * What the repository's head says about one application.
 *
 * @param spec the valid spec at head, or null when the file is invalid or gone
 * @param errors the head file's errors when it is invalid (empty otherwise)
 * @param file the spec file at head, or null when it was removed
 * @param commit the head commit
 */
public record Desired(AppSpec spec, List<Finding> errors, String file, String commit) {

    public Desired {
        errors = List.copyOf(errors);
    }

    public static Desired valid(AppSpec spec, String commit) {
        return new Desired(spec, List.of(), spec.file(), commit);
    }

    public static Desired invalid(String file, List<Finding> errors, String commit) {
        return new Desired(null, errors, file, commit);
    }

    public static Desired removed(String commit) {
        return new Desired(null, List.of(), null, commit);
    }

    public boolean isValid() {
        return spec != null;
    }

    public boolean isRemoved() {
        return spec == null && file == null;
    }
}
