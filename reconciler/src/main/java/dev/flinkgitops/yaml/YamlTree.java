package dev.flinkgitops.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A YAML document as a JSON tree, with where each node was written.
 *
 * @param positions JSON pointer to position: for a mapping entry whose value is a mapping
 *     or a sequence, the key's position (the line a reader looks at); otherwise the value's
 * @param keyPositions JSON pointer of a mapping entry to the position of its key
 */
public record YamlTree(JsonNode root, Map<String, SourcePosition> positions, Map<String, SourcePosition> keyPositions) {

    public YamlTree {
        positions = Map.copyOf(positions);
        keyPositions = Map.copyOf(keyPositions);
    }

    /** The position of the node at {@code pointer}, or of its nearest written ancestor. */
    public SourcePosition positionOf(String pointer) {
        String current = pointer;
        while (true) {
            SourcePosition position = positions.get(current);
            if (position != null) {
                return position;
            }
            if (current.isEmpty()) {
                return SourcePosition.START;
            }
            current = current.substring(0, current.lastIndexOf('/'));
        }
    }

    /** The position of the key of the entry at {@code pointer}, falling back to {@link #positionOf}. */
    public SourcePosition keyPositionOf(String pointer) {
        SourcePosition position = keyPositions.get(pointer);
        return position != null ? position : positionOf(pointer);
    }

    /** Appends one reference token to a JSON pointer, escaping {@code ~} and {@code /}. */
    public static String child(String pointer, String token) {
        return pointer + "/" + token.replace("~", "~0").replace("/", "~1");
    }
}
