package dev.flinkgitops.yaml;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads one spec file as YAML 1.2 (core schema) into a JSON tree with positions, refusing
 * what a spec never needs and an attacker could abuse: oversized files, tags other than the
 * core schema's, duplicate keys, deep nesting, more than 10,000 nodes, several documents, and a
 * top level that is not a mapping. At most 100 problems are listed. Anchors, aliases and merge
 * keys ({@code <<: *base}) are expanded, as kubectl and the Flink operator do, within the same
 * bounds: the nodes and the nesting are counted as if every alias were expanded, before anything
 * is (see {@link AliasBudget}), so an alias bomb is refused at the alias that crosses a bound;
 * a merge key must name a mapping (see {@link MergeKeys}).
 * An expanded value keeps the position where it was written (under its anchor).
 * Every refusal is a {@link YamlProblem}, never an exception. Thread-safe.
 */
public final class SafeYamlReader {

    /** Problems reported per file at most: a file of 80,000 aliases needs no 80,000 lines, nor the time to make them. */
    static final int MAX_PROBLEMS = 100;
    /** Nodes (scalars, mappings, sequences) per file at most: the schema check's time grows with them. */
    static final int MAX_NODES = 10_000;
    static final String TOO_MANY_PROBLEMS = "more than " + MAX_PROBLEMS + " problems: the rest of the file is not checked";

    private static final Set<String> SCALAR_TAGS = Set.of(Tag.STR.getValue(), Tag.INT.getValue(),
            Tag.FLOAT.getValue(), Tag.BOOL.getValue(), Tag.NULL.getValue());

    private final int maxBytes;
    private final int maxDepth;

    public SafeYamlReader(int maxBytes, int maxDepth) {
        this.maxBytes = maxBytes;
        this.maxDepth = maxDepth;
    }

    public YamlReadResult read(byte[] content) {
        if (content.length > maxBytes) {
            return YamlReadResult.rejected(SourcePosition.START,
                    "file is " + content.length + " bytes, more than the limit of " + maxBytes + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            return YamlReadResult.rejected(SourcePosition.START, "file is not valid UTF-8");
        }
        try {
            List<YamlProblem> problems = scanEvents(text);
            if (!problems.isEmpty()) {
                return YamlReadResult.rejected(problems);
            }
            return compose(text);
        } catch (MarkedYamlEngineException e) {
            return YamlReadResult.rejected(syntaxError(e));
        } catch (YamlEngineException e) {
            return YamlReadResult.rejected(SourcePosition.START, "YAML error: " + e.getMessage());
        }
    }

    /** One pass over the parser's events, before any tree is built (the composer recurses). */
    private List<YamlProblem> scanEvents(String text) {
        LoadSettings settings = settings();
        ParserImpl parser = new ParserImpl(settings, new StreamReader(settings, text));
        List<YamlProblem> problems = new ArrayList<>();
        EventPath path = new EventPath();
        AliasBudget budget = new AliasBudget();
        MergeKeys merges = new MergeKeys();
        int documents = 0;
        while (parser.hasNext()) {
            Event event = parser.next();
            if (problems.size() >= MAX_PROBLEMS) {
                problems.add(problem(event, path.next(), TOO_MANY_PROBLEMS));
                return problems;
            }
            if (event instanceof NodeEvent node) {
                String pointer = path.next();
                merges.node(node, path.atKey(), path.depth(), budget)
                        .ifPresent(message -> problems.add(problem(event, pointer, message)));
                if (!node(node, path, budget, problems)) {
                    return problems;
                }
                if (budget.nodes() > MAX_NODES) {
                    problems.add(problem(event, pointer, "more than " + MAX_NODES + " YAML nodes"
                            + (event instanceof AliasEvent ? " once aliases are expanded" : "") + ": a spec needs far fewer"));
                    return problems;
                }
            } else if (event.getEventId() == Event.ID.MappingEnd || event.getEventId() == Event.ID.SequenceEnd) {
                path.close();
                budget.end();
                merges.closed(path.depth());
            } else if (event.getEventId() == Event.ID.DocumentStart && ++documents > 1) {
                problems.add(problem(event, "", "more than one YAML document: a spec file holds exactly one"));
                return problems;
            }
        }
        return problems;
    }

    /**
     * Checks one node event (tag, alias) and moves {@code path} and {@code budget} past it;
     * false when reading on makes no sense (too deep, or an alias that cannot be expanded).
     */
    private boolean node(NodeEvent event, EventPath path, AliasBudget budget, List<YamlProblem> problems) {
        String pointer = path.next();
        tagProblem(event).ifPresent(message -> problems.add(problem(event, pointer, message)));
        Optional<String> anchor = event.getAnchor().map(Anchor::getValue);
        if (event instanceof AliasEvent alias) {
            String name = alias.getAlias().getValue();
            Optional<String> refused = budget.alias(name, maxDepth);
            refused.ifPresent(message -> problems.add(problem(event, pointer, message)));
            String key = budget.scalarText(name);
            path.completed(key != null ? key : "*" + name);
            return refused.isEmpty();
        } else if (event instanceof ScalarEvent scalar) {
            budget.scalar(anchor, position(event.getStartMark()), scalar.getValue());
            path.completed(scalar.getValue());
        } else {
            budget.start(anchor, event.getEventId() == Event.ID.MappingStart, position(event.getStartMark()));
            path.open(pointer, event.getEventId() == Event.ID.MappingStart);
            if (path.depth() > maxDepth) {
                problems.add(problem(event, pointer, "nesting deeper than " + maxDepth + " levels"));
                return false;
            }
        }
        return true;
    }

    /**
     * Why the explicit tag of {@code event} is refused: only the core schema's tags, each on its
     * kind of node. A tag names a type to construct ({@code !!java/object:...}), so anything else,
     * local ({@code !foo}) or verbatim ({@code !<...>}) included, is refused on every node.
     */
    private static Optional<String> tagProblem(Event event) {
        Optional<String> tag = event instanceof ScalarEvent scalar ? scalar.getTag()
                : event instanceof CollectionStartEvent collection ? collection.getTag() : Optional.empty();
        if (tag.isEmpty()) {
            return Optional.empty();
        }
        String name = tag.get();
        String kind = event instanceof ScalarEvent ? "scalar"
                : event.getEventId() == Event.ID.MappingStart ? "mapping" : "sequence";
        String allowed = switch (kind) {
            case "scalar" -> SCALAR_TAGS.contains(name) ? null : "!!str, !!int, !!float, !!bool, !!null";
            case "mapping" -> Tag.MAP.getValue().equals(name) ? null : "!!map";
            default -> Tag.SEQ.getValue().equals(name) ? null : "!!seq";
        };
        if (allowed == null) {
            return Optional.empty();
        }
        return Optional.of("tag " + shortTag(name) + " is not allowed on a " + kind + " (allowed: " + allowed + ")");
    }

    private static String shortTag(String tag) {
        if (tag.startsWith(Tag.PREFIX)) {
            return "!!" + tag.substring(Tag.PREFIX.length());
        }
        return tag.startsWith("!") ? tag : "!<" + tag + ">";
    }

    private static List<YamlProblem> syntaxError(MarkedYamlEngineException e) {
        Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
        String message = "YAML syntax error: " + (e.getProblem() != null ? e.getProblem() : e.getContext());
        if (e.getContext() != null && e.getProblem() != null) {
            String where = e.getContextMark().map(m -> " (line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1) + ")").orElse("");
            message += ", " + e.getContext() + where;
        }
        return List.of(new YamlProblem(position(mark), "", message));
    }

    private YamlReadResult compose(String text) {
        LoadSettings settings = settings();
        Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
        Optional<Node> root = composer.getSingleNode();
        if (root.isEmpty()) {
            return YamlReadResult.rejected(SourcePosition.START, "empty document: expected a mapping with apiVersion, kind, metadata and spec");
        }
        if (!(root.get() instanceof MappingNode)) {
            return YamlReadResult.rejected(position(root.get().getStartMark()),
                    "the top level must be a mapping, not a " + root.get().getNodeType().name().toLowerCase());
        }
        return new YamlTreeBuilder().build(root.get());
    }

    private static LoadSettings settings() {
        return LoadSettings.builder()
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(MAX_NODES) // AliasBudget bounds what they expand to
                .setAllowRecursiveKeys(false)
                .setAllowNonScalarKeys(true) // so that YamlTreeBuilder reports them with a position
                .setParseComments(false)
                .build();
    }

    private static YamlProblem problem(Event event, String pointer, String message) {
        return new YamlProblem(position(event.getStartMark()), pointer, message);
    }

    static SourcePosition position(Optional<Mark> mark) {
        return mark.map(SafeYamlReader::position).orElse(SourcePosition.START);
    }

    static SourcePosition position(Mark mark) {
        return new SourcePosition(mark.getLine() + 1, mark.getColumn() + 1);
    }
}
