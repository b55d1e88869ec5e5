package dev.flinkgitops.yaml;

import java.util.ArrayDeque;
import java.util.Deque;

/** Follows the JSON pointer of the current node while YAML parser events stream past. */
final class EventPath {

    private final Deque<Frame> frames = new ArrayDeque<>();

    /** The pointer of the node that the next event starts (a key reports its mapping's pointer). */
    String next() {
        Frame top = frames.peek();
        if (top == null) {
            return "";
        }
        if (!top.mapping) {
            return top.pointer + "/" + top.index;
        }
        return top.expectKey ? top.pointer : YamlTree.child(top.pointer, top.key);
    }

    /** A mapping or sequence started at {@code pointer}. */
    void open(String pointer, boolean mapping) {
        frames.push(new Frame(pointer, mapping));
    }

    /** The innermost mapping or sequence ended. */
    void close() {
        frames.pop();
        completed("?");
    }

    /** A whole node ended; {@code text} is its value when it was a scalar (a possible key). */
    void completed(String text) {
        Frame top = frames.peek();
        if (top == null) {
            return;
        }
        if (!top.mapping) {
            top.index++;
        } else if (top.expectKey) {
            top.key = text;
            top.expectKey = false;
        } else {
            top.expectKey = true;
        }
    }

    /** True when the next node is a mapping's key. */
    boolean atKey() {
        Frame top = frames.peek();
        return top != null && top.mapping && top.expectKey;
    }

    int depth() {
        return frames.size();
    }

    private static final class Frame {
        private final String pointer;
        private final boolean mapping;
        private boolean expectKey = true;
        private String key;
        private int index;

        Frame(String pointer, boolean mapping) {
            this.pointer = pointer;
            this.mapping = mapping;
        }
    }
}
