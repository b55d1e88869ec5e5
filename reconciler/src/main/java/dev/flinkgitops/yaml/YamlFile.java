package dev.flinkgitops.yaml;

import java.util.List;

/**
 * The outcome of reading a YAML file of one or more documents (separated by {@code ---} lines):
 * each document read on its own, or, when the file as a whole could not be read (too large, not
 * UTF-8, no document, more nodes or problems than a file may have), the problems of the file.
 *
 * @param documents the documents that are not empty, in file order; empty when {@code problems} is not
 * @param problems problems of the file as a whole
 */
public record YamlFile(List<YamlDocument> documents, List<YamlProblem> problems) {

    public YamlFile {
        documents = List.copyOf(documents);
        problems = List.copyOf(problems);
    }

    static YamlFile rejected(List<YamlProblem> problems) {
        return new YamlFile(List.of(), problems);
    }

    static YamlFile rejected(SourcePosition position, String message) {
        return rejected(List.of(new YamlProblem(position, "", message)));
    }

    /** Whether the file could be cut into documents (each may still have problems of its own). */
    public boolean readable() {
        return problems.isEmpty();
    }
}
