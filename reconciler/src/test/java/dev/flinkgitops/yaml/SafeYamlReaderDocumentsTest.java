package dev.flinkgitops.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Files of several YAML documents: each read on its own, with positions in the file, under the file's bounds. */
class SafeYamlReaderDocumentsTest {

    private static final SafeYamlReader READER = new SafeYamlReader(1 << 20, 32);

    private static YamlFile read(String yaml) {
        return READER.readAll(yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> problems(YamlReadResult result) {
        return result.problems().stream()
                .map(p -> p.position().line() + ":" + p.position().column() + " " + p.pointer() + " " + p.message())
                .toList();
    }

    @Test
    void readsEachDocumentWithPositionsInTheFile() {
        YamlFile file = read("a: 1\n---\nb:\n  c: 2\n---   # the third\nd: [x, y]\n");

        assertTrue(file.readable());
        assertEquals(3, file.documents().size());
        assertEquals(List.of(1, 2, 3), file.documents().stream().map(YamlDocument::index).toList());
        assertEquals(List.of(1, 2, 5), file.documents().stream().map(YamlDocument::line).toList());
        YamlTree second = file.documents().get(1).read().tree();
        assertEquals(2, second.root().at("/b/c").intValue());
        assertEquals(new SourcePosition(4, 6), second.positionOf("/b/c"));
        assertEquals(new SourcePosition(4, 3), second.keyPositionOf("/b/c"));
        assertEquals(new SourcePosition(6, 8), file.documents().get(2).read().tree().positionOf("/d/1"));
    }

    @Test
    void skipsEmptyDocumentsAsKubectlDoes() {
        YamlFile file = read("# shared header\n---\na: 1\n---\n# nothing here\n---\n\n---\nb: 2\n---\n");

        assertEquals(List.of(1, 2), file.documents().stream().map(YamlDocument::index).toList(), "the empty ones are not counted");
        assertEquals(new SourcePosition(3, 4), file.documents().get(0).read().tree().positionOf("/a"));
        assertEquals(new SourcePosition(9, 4), file.documents().get(1).read().tree().positionOf("/b"));
        assertEquals(List.of("1:1  empty document: expected a mapping with apiVersion, kind, metadata and spec"),
                problems(new YamlReadResult(null, read("---\n# only comments\n---\n").problems())));
    }

    @Test
    void aBadDocumentLeavesTheOthersReadable() {
        YamlFile file = read("a: 1\n---\nb: [1\nc: 2\n---\nd: 'open\n---\ne: !!binary aGk=\n---\nf: 3\n");

        assertTrue(file.readable(), "a document's problem is not the file's");
        List<YamlDocument> documents = file.documents();
        assertEquals(5, documents.size());
        assertTrue(documents.get(0).read().readable());
        assertEquals("4:2", at(documents.get(1).read()), "the syntax error where the parser found it, in file lines");
        assertTrue(problems(documents.get(1).read()).get(0).contains("(line 3, column 4)"), problems(documents.get(1).read()).toString());
        assertFalse(documents.get(2).read().readable(), "an unclosed quote ends at the next document");
        assertEquals(List.of("8:4 /e tag !!binary is not allowed on a scalar (allowed: !!str, !!int, !!float, !!bool, !!null)"),
                problems(documents.get(3).read()));
        assertEquals(3, documents.get(4).read().tree().root().get("f").intValue());
    }

    @Test
    void anchorsBelongToTheirDocument() {
        YamlFile file = read("base: &base {cpu: 1}\nx: *base\n---\ny: *base\n");

        assertTrue(file.documents().get(0).read().readable());
        assertEquals(List.of("4:4 /y alias *base refers to no anchor: write &base on a node before it"),
                problems(file.documents().get(1).read()));
    }

    @Test
    void theNodeBoundIsTheFilesSoManyDocumentsAreNoBomb() {
        String document = "a: [" + "1, ".repeat(3_999) + "1]\n";
        assertTrue(READER.read(document.getBytes(StandardCharsets.UTF_8)).readable(), "4,003 nodes alone are fine");

        YamlFile three = read(document + "---\n" + document + "---\n" + document);
        assertFalse(three.readable(), "12,009 nodes in one file are not");
        // 4,003 + 4,003, then the third document's mapping, key and sequence: its item 1991 is node 10,001
        assertEquals(List.of("/a/1991 more than 10000 YAML nodes in the file: a spec needs far fewer"),
                three.problems().stream().map(p -> p.pointer() + " " + p.message()).toList());
        assertEquals(5, three.problems().get(0).position().line());

        long started = System.nanoTime();
        YamlFile many = read("a: 1\n---\n".repeat(20_000));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertFalse(many.readable(), "20,000 small documents are 60,000 nodes");
        assertTrue(many.problems().get(0).message().contains("in the file"), many.problems().toString());
        assertTrue(millis < 2_000, millis + " ms");
    }

    @Test
    void aLaughInEveryDocumentStillCountsAgainstTheFile() {
        StringBuilder laugh = new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 3; i++) {
            laugh.append("l").append(i).append(": &l").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, "*l" + (i - 1)))).append("]\n");
        }
        // 9 + 81 + 729 + 6,561 leaves plus the collections: ~7,400 nodes a document, fine alone, not twice
        assertTrue(read(laugh.toString()).readable());
        YamlFile twice = read(laugh + "---\n" + laugh);

        assertFalse(twice.readable());
        assertTrue(twice.problems().get(0).message().endsWith("nodes once aliases are expanded in the file: a spec needs far fewer"),
                twice.problems().toString());
        assertTrue(twice.problems().get(0).position().line() > 5, "in the second document");
    }

    @Test
    void handlesCarriageReturnsInlineContentAndDocumentEnds() {
        YamlFile crlf = read("a: 1\r\n---\r\nb: 2\r\n");
        assertEquals(new SourcePosition(3, 4), crlf.documents().get(1).read().tree().positionOf("/b"));

        YamlFile inline = read("a: 1\n--- {b: 2}\n");
        assertEquals(2, inline.documents().get(1).read().tree().root().get("b").intValue(), "content on the --- line");

        YamlFile ended = read("a: 1\n...\nb: 2\n");
        assertEquals(List.of("3:1  YAML syntax error: expected '<document start>', but found '<block mapping start>'"),
                problems(ended.documents().get(0).read()), "after ... a document needs its ---");

        assertEquals(List.of("2:1  more than one YAML document: this file holds exactly one"),
                problems(READER.read("a: 1\n---\nb: 2\n".getBytes(StandardCharsets.UTF_8))), "read() still wants one");
    }

    private static String at(YamlReadResult result) {
        SourcePosition position = result.problems().get(0).position();
        return position.line() + ":" + position.column();
    }
}
