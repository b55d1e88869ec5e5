package dev.flinkgitops.yaml;

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

/**
 * Reads one document of a spec file (its text, cut out of the file by {@link DocumentSplitter})
 * into a tree, in two steps: {@link #scan}, one pass over the parser's events that checks tags,
 * nesting and aliases before any tree is built (see {@link AliasBudget}, {@link MergeKeys}), then
 * {@link #tree}, where the composer builds it. {@link SafeYamlReader} scans every document of a
 * file before it builds any, so a file over its bounds costs no tree.
 * Positions count from the file's first line. The node budget is the file's: the nodes of the
 * documents before this one count against it, so that many small documents are no bomb either.
 * One use.
 */
final class DocumentReader {

    private static final Set<String> SCALAR_TAGS = Set.of(Tag.STR.getValue(), Tag.INT.getValue(),
            Tag.FLOAT.getValue(), Tag.BOOL.getValue(), Tag.NULL.getValue());

    private final LoadSettings settings;
    private final int maxDepth;
    private final int firstLine;
    private final long nodesBefore;
    private final int problemsLeft;
    private final AliasBudget budget = new AliasBudget();
    private boolean fileLimit;

    /**
     * @param firstLine lines of the file before this document's text
     * @param nodesBefore nodes of the file's earlier documents (aliases expanded)
     * @param problemsLeft problems the file may still report (see {@link SafeYamlReader#MAX_PROBLEMS})
     */
    DocumentReader(LoadSettings settings, int maxDepth, int firstLine, long nodesBefore, int problemsLeft) {
        this.settings = settings;
        this.maxDepth = maxDepth;
        this.firstLine = firstLine;
        this.nodesBefore = nodesBefore;
        this.problemsLeft = problemsLeft;
    }

    /**
     * The first step: the document's problems found without building anything (tags, nesting,
     * aliases, the file's bounds); empty when {@link #tree} may build it.
     */
    List<YamlProblem> scan(String text) {
        try {
            return scanEvents(text);
        } catch (MarkedYamlEngineException e) {
            return syntaxError(e);
        } catch (YamlEngineException e) {
            return List.of(new YamlProblem(new SourcePosition(firstLine + 1, 1), "", "YAML error: " + e.getMessage()));
        }
    }

    /** The second step, once the whole file has been scanned within its bounds: the document's tree, or its problems. */
    YamlReadResult tree(String text) {
        try {
            return compose(text);
        } catch (MarkedYamlEngineException e) {
            return YamlReadResult.rejected(syntaxError(e));
        } catch (YamlEngineException e) {
            return YamlReadResult.rejected(new SourcePosition(firstLine + 1, 1), "YAML error: " + e.getMessage());
        }
    }

    /** The file's nodes so far, this document's included. */
    long nodes() {
        return nodesBefore + budget.nodes();
    }

    /** Whether a bound of the whole file was crossed (nodes, problems): the file is not read further. */
    boolean fileLimit() {
        return fileLimit;
    }

    /** One pass over the parser's events, before any tree is built (the composer recurses). */
    private List<YamlProblem> scanEvents(String text) {
        ParserImpl parser = new ParserImpl(settings, new StreamReader(settings, text));
        List<YamlProblem> problems = new ArrayList<>();
        EventPath path = new EventPath();
        MergeKeys merges = new MergeKeys();
        int documents = 0;
        while (parser.hasNext()) {
            Event event = parser.next();
            if (problems.size() >= problemsLeft) {
                problems.add(problem(event, path.next(), SafeYamlReader.TOO_MANY_PROBLEMS));
                fileLimit = true;
                return problems;
            }
            if (event instanceof NodeEvent node) {
                String pointer = path.next();
                merges.node(node, path.atKey(), path.depth(), budget)
                        .ifPresent(message -> problems.add(problem(event, pointer, message)));
                if (!node(node, path, problems)) {
                    return problems;
                }
                if (nodes() > SafeYamlReader.MAX_NODES) {
                    problems.add(problem(event, pointer, "more than " + SafeYamlReader.MAX_NODES + " YAML nodes"
                            + (event instanceof AliasEvent ? " once aliases are expanded" : "")
                            + (nodesBefore > 0 ? " in the file" : "") + ": a spec needs far fewer"));
                    fileLimit = true;
                    return problems;
                }
            } else if (event.getEventId() == Event.ID.MappingEnd || event.getEventId() == Event.ID.SequenceEnd) {
                path.close();
                budget.end();
                merges.closed(path.depth());
            } else if (event.getEventId() == Event.ID.DocumentStart && ++documents > 1) {
                problems.add(problem(event, "", "a second YAML document starts here: "
                        + "write its --- on a line of its own (nothing after it but a comment)"));
                return problems;
            }
        }
        return problems;
    }

    /**
     * Checks one node event (tag, alias) and moves {@code path} and the budget past it;
     * false when reading on makes no sense (too deep, or an alias that cannot be expanded).
     */
    private boolean node(NodeEvent event, EventPath path, List<YamlProblem> problems) {
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
            budget.scalar(anchor, at(event.getStartMark()), scalar.getValue());
            path.completed(scalar.getValue());
        } else {
            budget.start(anchor, event.getEventId() == Event.ID.MappingStart, at(event.getStartMark()));
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

    private List<YamlProblem> syntaxError(MarkedYamlEngineException e) {
        Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
        String message = "YAML syntax error: " + (e.getProblem() != null ? e.getProblem() : e.getContext());
        if (e.getContext() != null && e.getProblem() != null) {
            String where = e.getContextMark().map(m -> " (line " + at(m).line() + ", column " + at(m).column() + ")").orElse("");
            message += ", " + e.getContext() + where;
        }
        return List.of(new YamlProblem(mark.map(this::at).orElse(new SourcePosition(firstLine + 1, 1)), "", message));
    }

    private YamlReadResult compose(String text) {
        Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
        Optional<Node> root = composer.getSingleNode();
        if (root.isEmpty()) {
            return YamlReadResult.rejected(new SourcePosition(firstLine + 1, 1),
                    "empty document: expected a mapping with apiVersion, kind, metadata and spec");
        }
        if (!(root.get() instanceof MappingNode)) {
            return YamlReadResult.rejected(at(root.get().getStartMark()),
                    "the top level must be a mapping, not a " + root.get().getNodeType().name().toLowerCase());
        }
        return new YamlTreeBuilder(firstLine).build(root.get());
    }

    private YamlProblem problem(Event event, String pointer, String message) {
        return new YamlProblem(at(event.getStartMark()), pointer, message);
    }

    private SourcePosition at(Optional<Mark> mark) {
        return mark.map(this::at).orElse(new SourcePosition(firstLine + 1, 1));
    }

    private SourcePosition at(Mark mark) {
        return SafeYamlReader.position(mark, firstLine);
    }
}
