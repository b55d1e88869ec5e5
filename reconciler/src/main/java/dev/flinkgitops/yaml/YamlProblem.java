package dev.flinkgitops.yaml;

/**
 * Why a YAML file was rejected before it could be read as a tree.
 *
 * @param pointer JSON pointer of the offending node, or "" for the whole document
 */
public record YamlProblem(SourcePosition position, String pointer, String message) {}
