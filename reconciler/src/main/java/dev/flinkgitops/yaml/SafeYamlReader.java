package dev.flinkgitops.yaml;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads a spec file as YAML 1.2 (core schema): each of its documents (separated by {@code ---}
 * lines, as kubectl reads them; empty ones skipped) into a JSON tree with positions in the file,
 * refusing what a spec never needs and an attacker could abuse: oversized files, tags other than
 * the core schema's, duplicate keys, deep nesting, more than 10,000 nodes, and a top level that is
 * not a mapping. Anchors, aliases and merge keys ({@code <<: *base}) are expanded, as kubectl and
 * the Flink operator do, within the same bounds: the nodes and the nesting are counted as if every
 * alias were expanded, before anything is (see {@link AliasBudget}), so an alias bomb is refused
 * at the alias that crosses a bound; a merge key must name a mapping (see {@link MergeKeys}).
 * An expanded value keeps the position where it was written (under its anchor).
 *
 * <p>The bounds are the file's, not a document's: the size, the nodes (all documents together)
 * and the problems listed (at most 100). A file that crosses one is refused as a whole, so that a
 * file of many documents is no bomb either; any other problem is its document's alone, the other
 * documents are still read (see {@link DocumentSplitter}). Every refusal is a
 * {@link YamlProblem}, never an exception. Thread-safe.
 */
public final class SafeYamlReader {

    /** Problems reported per file at most: a file of 80,000 aliases needs no 80,000 lines, nor the time to make them. */
    static final int MAX_PROBLEMS = 100;
    /** Nodes (scalars, mappings, sequences) per file at most, all documents together: the schema check's time grows with them. */
    static final int MAX_NODES = 10_000;
    static final String TOO_MANY_PROBLEMS = "more than " + MAX_PROBLEMS + " problems: the rest of the file is not checked";
    static final String EMPTY = "empty document: expected a mapping with apiVersion, kind, metadata and spec";

    private final int maxBytes;
    private final int maxDepth;

    public SafeYamlReader(int maxBytes, int maxDepth) {
        this.maxBytes = maxBytes;
        this.maxDepth = maxDepth;
    }

    /** A file that must hold exactly one document (a second one is a problem). */
    public YamlReadResult read(byte[] content) {
        YamlFile file = readAll(content);
        if (!file.readable()) {
            return YamlReadResult.rejected(file.problems());
        }
        if (file.documents().size() > 1) {
            return YamlReadResult.rejected(new SourcePosition(file.documents().get(1).line(), 1),
                    "more than one YAML document: this file holds exactly one");
        }
        return file.documents().get(0).read();
    }

    /** Every document of a file, each read on its own (see the class comment for the bounds). */
    public YamlFile readAll(byte[] content) {
        if (content.length > maxBytes) {
            return YamlFile.rejected(SourcePosition.START,
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
            return YamlFile.rejected(SourcePosition.START, "file is not valid UTF-8");
        }
        List<DocumentSplitter.Chunk> chunks = DocumentSplitter.split(text);
        if (chunks.isEmpty()) {
            return YamlFile.rejected(SourcePosition.START, EMPTY);
        }
        return documents(chunks);
    }

    /**
     * Bounds first: every document is scanned, its nodes and problems counted against the file's,
     * before any tree is built; a file over a bound is refused as a whole.
     */
    private YamlFile documents(List<DocumentSplitter.Chunk> chunks) {
        LoadSettings settings = settings(chunks.stream().mapToInt(chunk -> chunk.text().length()).max().orElse(0));
        List<DocumentReader> readers = new ArrayList<>();
        List<List<YamlProblem>> scanned = new ArrayList<>();
        List<YamlProblem> problems = new ArrayList<>();
        long nodes = 0;
        for (DocumentSplitter.Chunk chunk : chunks) {
            DocumentReader reader = new DocumentReader(settings, maxDepth, chunk.firstLine(), nodes, MAX_PROBLEMS - problems.size());
            List<YamlProblem> found = reader.scan(chunk.text());
            problems.addAll(found);
            if (reader.fileLimit()) {
                return YamlFile.rejected(problems);
            }
            nodes = reader.nodes();
            readers.add(reader);
            scanned.add(found);
        }
        List<YamlDocument> documents = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            YamlReadResult read = scanned.get(i).isEmpty() ? readers.get(i).tree(chunks.get(i).text()) : YamlReadResult.rejected(scanned.get(i));
            documents.add(new YamlDocument(i + 1, chunks.get(i).firstLine() + 1, read));
        }
        return new YamlFile(documents, List.of());
    }

    /**
     * @param longest the longest document's length: the reader's buffer holds a whole document, because
     *     snakeyaml-engine 3.0.1 reads past its buffer when a surrogate pair (an emoji) straddles the
     *     buffer's end (IndexOutOfBoundsException; found by SpecFuzzTest). The file's size is bounded.
     */
    private static LoadSettings settings(int longest) {
        return LoadSettings.builder()
                .setBufferSize(Math.max(1024, longest + 2))
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(MAX_NODES) // AliasBudget bounds what they expand to
                .setAllowRecursiveKeys(false)
                .setAllowNonScalarKeys(true) // so that YamlTreeBuilder reports them with a position
                .setParseComments(false)
                .build();
    }

    /** A parser's mark as a position in the file, for a document whose text starts after {@code firstLine} lines. */
    static SourcePosition position(Mark mark, int firstLine) {
        return new SourcePosition(mark.getLine() + 1 + firstLine, mark.getColumn() + 1);
    }
}
