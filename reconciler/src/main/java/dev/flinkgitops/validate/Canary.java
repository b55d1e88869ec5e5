package dev.flinkgitops.validate;

import dev.flinkgitops.yaml.SourcePosition;
import dev.flinkgitops.yaml.YamlTree;

/**
 * The operator's canary resources (label {@code flink.apache.org/canary: "true"}): its own health
 * check, which it reconciles but never deploys. flink-gitops skips them with a note: no app, no error.
 */
final class Canary {

    static final String LABEL = "flink.apache.org/canary";

    private Canary() {}

    static boolean is(YamlTree tree) {
        return tree.root().path("metadata").path("labels").path(LABEL).asText("").equalsIgnoreCase("true");
    }

    static Finding note(String file, YamlTree tree) {
        String pointer = "/metadata/labels/" + LABEL.replace("/", "~1");
        SourcePosition at = tree.positionOf(pointer);
        return new Finding(Finding.Severity.NOTE, file, at.line(), at.column(), pointer,
                "canary resource (label " + LABEL + ": \"true\", the operator's health check): skipped, not deployed");
    }
}
