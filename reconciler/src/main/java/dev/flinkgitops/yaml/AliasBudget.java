package dev.flinkgitops.yaml;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts, while the parser's events stream past, the nodes and the nesting the document has once
 * every alias is expanded, without expanding anything: each anchor remembers how many nodes and
 * how many levels it holds, and an alias adds its anchor's counts. A "billion laughs" file is
 * thus refused at the alias that crosses the limit, after reading its few hundred events, never
 * after building its billion nodes. Also refuses an alias that names no earlier anchor and one
 * inside the node its anchor is on (recursion). One use per document.
 */
final class AliasBudget {

    /** An anchored node: its expanded node count, how many collection levels it nests, and where it was written. */
    private record Anchored(long nodes, int levels, SourcePosition at, String scalar, boolean mapping) {}

    /** A mapping or sequence not yet ended. */
    private static final class Open {
        private final String anchor;
        private final boolean mapping;
        private final SourcePosition at;
        private final long nodesBefore;
        private int childLevels;

        Open(String anchor, boolean mapping, SourcePosition at, long nodesBefore) {
            this.anchor = anchor;
            this.mapping = mapping;
            this.at = at;
            this.nodesBefore = nodesBefore;
        }
    }

    private final Map<String, Anchored> anchors = new HashMap<>();
    private final Deque<Open> open = new ArrayDeque<>();
    private long nodes;

    /** Nodes so far, every alias counted as the nodes it stands for. */
    long nodes() {
        return nodes;
    }

    /** A scalar, with its anchor if it has one. */
    void scalar(Optional<String> anchor, SourcePosition at, String value) {
        nodes++;
        anchor.ifPresent(name -> anchors.put(name, new Anchored(1, 0, at, value, false)));
    }

    /** A mapping or sequence starts. */
    void start(Optional<String> anchor, boolean mapping, SourcePosition at) {
        nodes++;
        open.push(new Open(anchor.orElse(null), mapping, at, nodes - 1));
    }

    /** The innermost mapping or sequence ends. */
    void end() {
        Open ended = open.pop();
        int levels = ended.childLevels + 1;
        if (ended.anchor != null) {
            anchors.put(ended.anchor, new Anchored(nodes - ended.nodesBefore, levels, ended.at, null, ended.mapping));
        }
        if (!open.isEmpty()) {
            open.peek().childLevels = Math.max(open.peek().childLevels, levels);
        }
    }

    /**
     * An alias: counts what it stands for. Empty when it may be expanded, else why not;
     * {@code maxDepth} caps the nesting (open collections plus the anchor's levels).
     */
    Optional<String> alias(String name, int maxDepth) {
        for (Open enclosing : open) {
            if (name.equals(enclosing.anchor)) {
                return Optional.of("alias *" + name + " is inside the node its anchor &" + name + " (line "
                        + enclosing.at.line() + ") is on: a recursive structure cannot be expanded");
            }
        }
        Anchored anchored = anchors.get(name);
        if (anchored == null) {
            return Optional.of("alias *" + name + " refers to no anchor: write &" + name + " on a node before it");
        }
        nodes += anchored.nodes;
        if (!open.isEmpty()) {
            open.peek().childLevels = Math.max(open.peek().childLevels, anchored.levels);
        }
        if (open.size() + anchored.levels > maxDepth) {
            return Optional.of("alias *" + name + " (&" + name + " at line " + anchored.at.line()
                    + ") nests deeper than " + maxDepth + " levels once expanded");
        }
        return Optional.empty();
    }

    /** What {@code name} anchors: "mapping", "sequence" or "scalar"; null when nothing yet. */
    String kindOf(String name) {
        Anchored anchored = anchors.get(name);
        if (anchored == null) {
            return null;
        }
        return anchored.mapping ? "mapping" : anchored.scalar != null ? "scalar" : "sequence";
    }

    /** The text of the scalar anchored as {@code name} (a key written as an alias), or null. */
    String scalarText(String name) {
        Anchored anchored = anchors.get(name);
        return anchored == null ? null : anchored.scalar;
    }
}
