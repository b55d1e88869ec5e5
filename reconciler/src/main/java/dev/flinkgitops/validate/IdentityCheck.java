package dev.flinkgitops.validate;

import dev.flinkgitops.spec.AppId;
import dev.flinkgitops.spec.SourcePosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Cross-file rule: one file per app identity (namespace/name). */
final class IdentityCheck {

    private IdentityCheck() {}

    /** {@code results} in the same order, each file sharing an identity with another given an error. */
    static List<FileResult> check(List<FileResult> results) {
        Map<AppId, List<String>> filesById = new LinkedHashMap<>();
        for (FileResult result : results) {
            if (result.spec() != null) {
                filesById.computeIfAbsent(result.spec().id(), id -> new ArrayList<>()).add(result.file());
            }
        }
        List<FileResult> checked = new ArrayList<>(results.size());
        for (FileResult result : results) {
            List<String> sameId = result.spec() == null ? List.of() : filesById.get(result.spec().id());
            if (sameId.size() < 2) {
                checked.add(result);
                continue;
            }
            List<String> others = sameId.stream().filter(f -> !f.equals(result.file())).toList();
            SourcePosition at = result.identityPosition() != null ? result.identityPosition() : SourcePosition.START;
            checked.add(result.withFindings(List.of(new Finding(Finding.Severity.ERROR, result.file(), at.line(), at.column(),
                    "/metadata/name", "duplicate app " + result.spec().id() + ": also defined in "
                            + String.join(", ", others)))));
        }
        return checked;
    }
}
