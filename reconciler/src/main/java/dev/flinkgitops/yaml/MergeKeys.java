package dev.flinkgitops.yaml;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;

/**
 * Checks, while the parser's events stream past, that every merge key ({@code <<: *base})
 * names what can be merged: a mapping, an alias of one, or a list of them. The composer would
 * refuse anything else too, but only at the end of the enclosing mapping and with no useful
 * position; here the refusal is at the value. One use per document.
 */
final class MergeKeys {

    private static final String MERGE = "<<";

    /** The last node was a merge key: the next one is what it merges. */
    private boolean valueNext;
    /** For each open list of merged mappings, the nesting depth of its items. */
    private final Deque<Integer> lists = new ArrayDeque<>();

    /**
     * One node event, at {@code depth} open collections, {@code atKey} when it is a mapping's
     * key; why it cannot be merged when it is the value of a merge key (or an item of its list).
     */
    Optional<String> node(NodeEvent event, boolean atKey, int depth, AliasBudget budget) {
        Optional<String> problem = Optional.empty();
        if (valueNext) {
            valueNext = false;
            if (event.getEventId() == Event.ID.SequenceStart) {
                lists.push(depth + 1);
            } else {
                problem = mergeable(event, budget);
            }
        } else if (!lists.isEmpty() && lists.peek() == depth) {
            problem = mergeable(event, budget);
        }
        valueNext = atKey && event instanceof ScalarEvent scalar && scalar.isPlain() && MERGE.equals(scalar.getValue());
        return problem;
    }

    /** The innermost collection ended, leaving {@code depth} open. */
    void closed(int depth) {
        while (!lists.isEmpty() && lists.peek() > depth) {
            lists.pop();
        }
    }

    private static Optional<String> mergeable(NodeEvent event, AliasBudget budget) {
        String what;
        if (event.getEventId() == Event.ID.MappingStart) {
            return Optional.empty();
        } else if (event instanceof AliasEvent alias) {
            String kind = budget.kindOf(alias.getAlias().getValue());
            if (kind == null || kind.equals("mapping")) {
                return Optional.empty(); // an alias to no anchor is refused as such
            }
            what = "*" + alias.getAlias().getValue() + ", a " + kind;
        } else {
            what = event instanceof ScalarEvent ? "a scalar" : "a sequence";
        }
        return Optional.of("a merge key (<<) takes a mapping, an alias of one, or a list of them, not " + what);
    }
}
