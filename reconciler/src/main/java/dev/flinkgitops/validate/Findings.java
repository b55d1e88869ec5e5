package dev.flinkgitops.validate;

import dev.flinkgitops.yaml.SourcePosition;
import dev.flinkgitops.yaml.YamlTree;
import java.util.ArrayList;
import java.util.List;

/** Collects the findings of one file, placing each by its JSON pointer. */
final class Findings {
    private final String file;
    private final YamlTree tree;
    private final List<Finding> list = new ArrayList<>();

    Findings(String file, YamlTree tree) {
        this.file = file;
        this.tree = tree;
    }

    YamlTree tree() {
        return tree;
    }

    void error(String pointer, String message) {
        add(Finding.Severity.ERROR, pointer, message);
    }

    /** A field the file sets that flink-gitops does not act on: the file stays valid, validate and plan say so. */
    void warning(String pointer, String message) {
        add(Finding.Severity.WARNING, pointer, message);
    }

    void note(String pointer, String message) {
        add(Finding.Severity.NOTE, pointer, message);
    }

    List<Finding> list() {
        return list;
    }

    private void add(Finding.Severity severity, String pointer, String message) {
        SourcePosition at = tree.positionOf(pointer);
        list.add(new Finding(severity, file, at.line(), at.column(), pointer, message));
    }
}
