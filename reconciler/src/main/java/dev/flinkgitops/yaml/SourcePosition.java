package dev.flinkgitops.yaml;

/** A place in a spec file: 1-based line and column. */
public record SourcePosition(int line, int column) {

    public static final SourcePosition START = new SourcePosition(1, 1);
}
