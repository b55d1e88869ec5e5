package dev.flinkgitops.yaml;

import java.util.List;

/**
 * The outcome of reading one YAML file: a tree, or the problems that prevented it.
 *
 * @param tree null when {@code problems} is not empty
 */
public record YamlReadResult(YamlTree tree, List<YamlProblem> problems) {

    public YamlReadResult {
        problems = List.copyOf(problems);
    }

    static YamlReadResult of(YamlTree tree) {
        return new YamlReadResult(tree, List.of());
    }

    static YamlReadResult rejected(List<YamlProblem> problems) {
        return new YamlReadResult(null, problems);
    }

    static YamlReadResult rejected(SourcePosition position, String message) {
        return rejected(List.of(new YamlProblem(position, "", message)));
    }

    public boolean readable() {
        return tree != null;
    }
}
