package dev.flinkgitops.yaml;

/**
 * One document of a YAML file: a resource, read on its own.
 *
 * @param index 1-based, among the file's documents that are not empty
 * @param line the 1-based line where the document's text starts (its {@code ---}, or the file's first line)
 * @param read its tree, or why it has none
 */
public record YamlDocument(int index, int line, YamlReadResult read) {}
