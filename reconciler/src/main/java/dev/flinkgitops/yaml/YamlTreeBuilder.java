package dev.flinkgitops.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Converts a composed YAML node tree (core schema tags) into a Jackson tree with positions. One use. */
final class YamlTreeBuilder {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** The core schema's spellings (an explicit {@code !!null}/{@code !!bool} tag does not check the value). */
    private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");
    private static final Set<String> BOOLEANS = Set.of("true", "True", "TRUE", "false", "False", "FALSE");

    private final Map<String, SourcePosition> positions = new HashMap<>();
    private final Map<String, SourcePosition> keyPositions = new HashMap<>();
    private final List<YamlProblem> problems = new ArrayList<>();
    private final int firstLine;

    /** @param firstLine lines of the file before the document's text (its marks count from there) */
    YamlTreeBuilder(int firstLine) {
        this.firstLine = firstLine;
    }

    private SourcePosition at(java.util.Optional<Mark> mark) {
        return mark.map(m -> SafeYamlReader.position(m, firstLine)).orElse(new SourcePosition(firstLine + 1, 1));
    }

    YamlReadResult build(Node root) {
        positions.put("", at(root.getStartMark()));
        JsonNode json = convert(root, "");
        if (!problems.isEmpty()) {
            return YamlReadResult.rejected(problems);
        }
        return YamlReadResult.of(new YamlTree(json, positions, keyPositions));
    }

    /** Records a problem; past {@link SafeYamlReader#MAX_PROBLEMS}, one last problem says the rest are not shown. */
    private void problem(SourcePosition at, String pointer, String message) {
        if (problems.size() < SafeYamlReader.MAX_PROBLEMS) {
            problems.add(new YamlProblem(at, pointer, message));
        } else if (problems.size() == SafeYamlReader.MAX_PROBLEMS) {
            problems.add(new YamlProblem(at, pointer, SafeYamlReader.TOO_MANY_PROBLEMS));
        }
    }

    private JsonNode convert(Node node, String pointer) {
        if (!(node instanceof ScalarNode) && !Tag.MAP.equals(node.getTag()) && !Tag.SEQ.equals(node.getTag())) {
            // SafeYamlReader refuses explicit tags before composing; this keeps a mapping tag from ever passing.
            problem(at(node.getStartMark()), pointer,
                    "unsupported tag " + node.getTag().getValue());
            return JSON.nullNode();
        }
        if (node instanceof MappingNode mapping) {
            return mapping(mapping, pointer);
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = JSON.arrayNode();
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                String itemPointer = pointer + "/" + i;
                positions.put(itemPointer, at(items.get(i).getStartMark()));
                array.add(convert(items.get(i), itemPointer));
            }
            return array;
        }
        return scalar((ScalarNode) node, pointer);
    }

    private JsonNode mapping(MappingNode mapping, String pointer) {
        ObjectNode object = JSON.objectNode();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            SourcePosition keyPosition = at(keyNode.getStartMark());
            if (!(keyNode instanceof ScalarNode scalarKey)) {
                problem(keyPosition, pointer, "mapping keys must be scalars");
                continue;
            }
            String key = scalarKey.getValue();
            String entryPointer = YamlTree.child(pointer, key);
            if (object.has(key)) {
                problem(keyPosition, entryPointer, "duplicate key '" + key
                        + "' (first at line " + keyPositions.get(entryPointer).line() + ")");
                continue;
            }
            Node valueNode = tuple.getValueNode();
            keyPositions.put(entryPointer, keyPosition);
            positions.put(entryPointer, valueNode instanceof ScalarNode
                    ? at(valueNode.getStartMark())
                    : keyPosition);
            object.set(key, convert(valueNode, entryPointer));
        }
        return object;
    }

    private JsonNode scalar(ScalarNode node, String pointer) {
        Tag tag = node.getTag();
        String value = node.getValue();
        try {
            if (Tag.STR.equals(tag)) {
                return JSON.textNode(value);
            } else if (Tag.NULL.equals(tag) && NULLS.contains(value)) {
                return JSON.nullNode();
            } else if (Tag.BOOL.equals(tag) && BOOLEANS.contains(value)) {
                return JSON.booleanNode(value.equalsIgnoreCase("true"));
            } else if (Tag.NULL.equals(tag) || Tag.BOOL.equals(tag)) {
                // only an explicit !!null or !!bool reaches here with another value
                problem(at(node.getStartMark()), pointer,
                        "not a valid " + (Tag.NULL.equals(tag) ? "null" : "boolean") + ": " + value);
                return JSON.nullNode();
            } else if (Tag.INT.equals(tag)) {
                return integer(value);
            } else if (Tag.FLOAT.equals(tag)) {
                return JSON.numberNode(floatingPoint(value));
            }
            problem(at(node.getStartMark()), pointer,
                    "unsupported tag " + tag.getValue());
        } catch (NumberFormatException e) {
            problem(at(node.getStartMark()), pointer,
                    "not a valid " + (Tag.INT.equals(tag) ? "integer" : "number") + ": " + value);
        }
        return JSON.nullNode();
    }

    /** YAML 1.2 core schema integers: decimal (leading zeros are decimal), 0o octal, 0x hex. */
    private static JsonNode integer(String text) {
        BigInteger value;
        if (text.startsWith("0o")) {
            value = new BigInteger(text.substring(2), 8);
        } else if (text.startsWith("0x")) {
            value = new BigInteger(text.substring(2), 16);
        } else {
            value = new BigInteger(text.startsWith("+") ? text.substring(1) : text);
        }
        if (value.bitLength() < 32) {
            return JSON.numberNode(value.intValue());
        }
        if (value.bitLength() < 64) {
            return JSON.numberNode(value.longValue());
        }
        return JSON.numberNode(value);
    }

    private static double floatingPoint(String text) {
        String lower = text.toLowerCase();
        return switch (lower) {
            case ".inf", "+.inf" -> Double.POSITIVE_INFINITY;
            case "-.inf" -> Double.NEGATIVE_INFINITY;
            case ".nan" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }
}
