package dev.flinkgitops.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SafeYamlReaderTest {

    private static final SafeYamlReader READER = new SafeYamlReader(4096, 4);

    private static YamlReadResult read(String yaml) {
        return READER.read(yaml.getBytes(StandardCharsets.UTF_8));
    }

    /** A reader with room for the nesting of real specs. */
    private static YamlTree readDeep(String yaml) {
        YamlReadResult result = new SafeYamlReader(1 << 20, 32).read(yaml.getBytes(StandardCharsets.UTF_8));
        assertTrue(result.readable(), () -> result.problems().toString());
        return result.tree();
    }

    private static List<String> problems(String yaml) {
        return read(yaml).problems().stream()
                .map(p -> p.position().line() + ":" + p.position().column() + " " + p.pointer() + " " + p.message())
                .toList();
    }

    /**
     * An emoji (a surrogate pair) across the parser's 1,024-character read buffer made snakeyaml-engine
     * read past its buffer (found by SpecFuzzTest, seed 4527681162445932751): every offset around the
     * boundary reads.
     */
    @Test
    void anEmojiAcrossTheParsersBufferBoundaryReads() {
        SafeYamlReader reader = new SafeYamlReader(1 << 20, 32);
        for (int pad = 1010; pad < 1030; pad++) {
            String yaml = "key: " + "x".repeat(pad) + "\uD83D\uDE00" + "x".repeat(pad) + "\uD83D\uDE00\nother: 1\n";
            YamlReadResult result = reader.read(yaml.getBytes(StandardCharsets.UTF_8));
            assertTrue(result.readable(), pad + ": " + result.problems());
        }
    }

    @Test
    void typesScalarsWithTheYaml12CoreSchema() {
        JsonNode root = read("a: 0x10\nb: 0o17\nc: 0755\nd: True\ne: yes\nf: ~\ng: 1.5\nh: '12'\ni: .inf\n").tree().root();

        assertEquals(16, root.get("a").intValue());
        assertEquals(15, root.get("b").intValue());
        assertEquals(755, root.get("c").intValue(), "no YAML 1.1 octal");
        assertTrue(root.get("d").isBoolean());
        assertEquals("yes", root.get("e").textValue(), "no YAML 1.1 booleans");
        assertTrue(root.get("f").isNull());
        assertEquals(1.5, root.get("g").doubleValue());
        assertEquals("12", root.get("h").textValue());
        assertTrue(Double.isInfinite(root.get("i").doubleValue()));
    }

    @Test
    void keepsOneBasedPositionsForValuesAndKeys() {
        YamlTree tree = read("spec:\n  job:\n    args: [a, \"b\"]\n    parallelism: 2\n").tree();

        assertEquals(new SourcePosition(1, 1), tree.positionOf("/spec"), "a mapping is placed at its key");
        assertEquals(new SourcePosition(4, 18), tree.positionOf("/spec/job/parallelism"), "a scalar at its value");
        assertEquals(new SourcePosition(4, 5), tree.keyPositionOf("/spec/job/parallelism"));
        assertEquals(new SourcePosition(3, 15), tree.positionOf("/spec/job/args/1"));
        assertEquals(new SourcePosition(2, 3), tree.positionOf("/spec/job/missing"), "unknown: nearest ancestor");
    }

    @Test
    void escapesPointerTokens() {
        YamlTree tree = read("conf:\n  a/b~c: 1\n").tree();

        assertEquals(new SourcePosition(2, 10), tree.positionOf("/conf/a~1b~0c"));
    }

    @Test
    void expandsAnAliasedPodTemplateKeepingWhereEachValueWasWritten() {
        YamlTree tree = readDeep("""
                templates:
                  pod: &template
                    metadata:
                      labels: {team: payments}
                jm:
                  podTemplate: *template
                tm:
                  podTemplate: *template
                """);

        assertEquals("payments", tree.root().at("/jm/podTemplate/metadata/labels/team").textValue());
        assertEquals(tree.root().at("/templates/pod"), tree.root().at("/tm/podTemplate"));
        assertEquals(new SourcePosition(4, 22), tree.positionOf("/tm/podTemplate/metadata/labels/team"),
                "an expanded value is placed where it was written, under the anchor");
        assertEquals(new SourcePosition(8, 3), tree.positionOf("/tm/podTemplate"), "the alias's own entry at its key");
    }

    @Test
    void mergesKeysWithTheMappingsOwnKeysWinning() {
        YamlTree tree = readDeep("""
                base: &base
                  cpu: 1
                  memory: 2g
                tm:
                  memory: 4g
                  <<: *base
                both:
                  <<: [{a: 1, b: 1}, {a: 2, c: 2}]
                quoted:
                  "<<": not a merge
                """);

        assertEquals(1, tree.root().at("/tm/cpu").intValue());
        assertEquals("4g", tree.root().at("/tm/memory").textValue(), "an explicit key overrides a merged one");
        assertEquals(new SourcePosition(5, 11), tree.positionOf("/tm/memory"));
        assertEquals(new SourcePosition(2, 8), tree.positionOf("/tm/cpu"), "a merged value where it was written");
        assertFalse(tree.root().path("tm").has("<<"));
        assertEquals(1, tree.root().at("/both/a").intValue(), "the first merged mapping wins");
        assertEquals(2, tree.root().at("/both/c").intValue());
        assertEquals("not a merge", tree.root().at("/quoted/<<").textValue());
    }

    @Test
    void refusesAMergeKeyOnWhatIsNotAMappingWhereItIsWritten() {
        assertTrue(read("a: &a {x: 1}\nb: &b {y: 2}\nc: {<<: [*a, *b, {z: 3}]}\n").readable());
        assertEquals(List.of("2:9 /b/<< a merge key (<<) takes a mapping, an alias of one, or a list of them, not *a, a scalar"),
                problems("a: &a 1\nb: {<<: *a}\n"));
        assertEquals(List.of("1:9 /b/<< a merge key (<<) takes a mapping, an alias of one, or a list of them, not a scalar",
                        "2:18 /c/<</1 a merge key (<<) takes a mapping, an alias of one, or a list of them, not a sequence"),
                problems("b: {<<: x}\nc: {<<: [{x: 1}, [y]]}\n"));
    }

    @Test
    void refusesAnAliasWithoutAnAnchorAndARecursiveAlias() {
        assertEquals(List.of("2:4 /b alias *x refers to no anchor: write &x on a node before it"),
                problems("a: 1\nb: *x\nc: &x 2\n"));
        assertEquals(List.of("2:6 /a/b alias *a is inside the node its anchor &a (line 1) is on:"
                        + " a recursive structure cannot be expanded"),
                problems("a: &a\n  b: *a\n"));
        assertEquals(List.of("1:8 /x/0 alias *s is inside the node its anchor &s (line 1) is on:"
                        + " a recursive structure cannot be expanded"),
                problems("x: &s [*s]\n"));
    }

    @Test
    void refusesAnAliasThatNestsTooDeepOnceExpanded() {
        assertTrue(read("a: &a {b: {c: 1}}\nx: *a\n").readable(), "three levels");
        assertEquals(List.of("3:10 /x/y/z alias *a (&a at line 1) nests deeper than 4 levels once expanded"),
                problems("a: &a {b: {c: 1}}\nx:\n  y: {z: *a}\n"));
    }

    @Test
    void refusesABillionLaughsAtTheAliasThatCrossesTheBound() {
        StringBuilder bomb = new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            bomb.append("l").append(i).append(": &l").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, "*l" + (i - 1)))).append("]\n");
        }
        List<YamlProblem> problems = new SafeYamlReader(1 << 20, 32).read(bomb.toString().getBytes(StandardCharsets.UTF_8)).problems();

        assertEquals(List.of("5:10 /l4/0 more than 10000 YAML nodes once aliases are expanded: a spec needs far fewer"),
                problems.stream().map(p -> p.position().line() + ":" + p.position().column() + " " + p.pointer()
                        + " " + p.message()).toList());
    }

    @Test
    void rejectsDuplicateKeysAtEveryLevel() {
        assertEquals(List.of("2:1 /a duplicate key 'a' (first at line 1)", "5:3 /b/c duplicate key 'c' (first at line 4)"),
                problems("a: 1\na: 2\nb:\n  c: 1\n  c: 2\n"));
    }

    @Test
    void capsNestingDepth() {
        assertTrue(read("a:\n  b:\n    c:\n      d: 1\n").readable(), "four levels are allowed");
        assertEquals(List.of("5:9 /a/b/c/d nesting deeper than 4 levels"),
                problems("a:\n  b:\n    c:\n      d:\n        e: 1\n"));
    }

    @Test
    void rejectsWhatIsNotOneMapping() {
        assertEquals(List.of("1:1  empty document: expected a mapping with apiVersion, kind, metadata and spec"),
                problems("# nothing\n"));
        assertEquals(List.of("1:1  the top level must be a mapping, not a scalar"), problems("hello\n"));
        assertEquals(List.of("2:1  more than one YAML document: this file holds exactly one"), problems("a: 1\n---\nb: 2\n"));
    }

    @Test
    void rejectsUnsupportedTagsNonScalarKeysAndBadEncoding() {
        assertEquals(List.of("1:4 /a tag !!binary is not allowed on a scalar (allowed: !!str, !!int, !!float, !!bool, !!null)"),
                problems("a: !!binary aGVsbG8=\n"));
        assertEquals(List.of("1:3  mapping keys must be scalars"), problems("? [a]\n: 1\n"));
        YamlReadResult latin1 = READER.read(new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});
        assertFalse(latin1.readable());
        assertEquals("file is not valid UTF-8", latin1.problems().get(0).message());
    }

    @Test
    void refusesEveryTagOutsideTheCoreSchemaOnMappingsSequencesAndScalars() {
        assertEquals(List.of("1:6 /job tag !!java/object:java.lang.ProcessBuilder is not allowed on a mapping (allowed: !!map)"),
                problems("job: !!java/object:java.lang.ProcessBuilder\n  command: [sh]\n"));
        assertEquals(List.of("1:4 /a tag !foo is not allowed on a mapping (allowed: !!map)",
                        "3:4 /b tag !<tag:example.com,2000:list> is not allowed on a sequence (allowed: !!seq)",
                        "4:4 /c tag !local is not allowed on a scalar (allowed: !!str, !!int, !!float, !!bool, !!null)",
                        "5:4 /d tag ! is not allowed on a scalar (allowed: !!str, !!int, !!float, !!bool, !!null)",
                        "6:4 /e tag !!set is not allowed on a mapping (allowed: !!map)",
                        "7:4 /f tag !!str is not allowed on a mapping (allowed: !!map)",
                        "8:4 /g tag !!map is not allowed on a scalar (allowed: !!str, !!int, !!float, !!bool, !!null)"),
                problems("a: !foo\n  x: 1\nb: !<tag:example.com,2000:list> [1]\nc: !local v\nd: ! v\n"
                        + "e: !!set {x}\nf: !!str {x: 1}\ng: !!map x\n"));
        assertEquals(List.of("3:4 /b tag !<tag:example.com,2000:str> is not allowed on a scalar"
                        + " (allowed: !!str, !!int, !!float, !!bool, !!null)"),
                problems("%TAG !! tag:example.com,2000:\n---\nb: !!str x\n"), "a %TAG directive cannot pass another type off as !!str");
    }

    @Test
    void acceptsTheCoreSchemaTagsAndChecksTheirValues() {
        JsonNode root = read("!!map\na: !!str 12\nb: !!int '7'\nc: !!float 1\nd: !!bool true\ne: !!null ~\n"
                + "f: !!seq [x]\ng: !<tag:yaml.org,2002:str> 1\n").tree().root();
        assertEquals("12", root.get("a").textValue());
        assertEquals(7, root.get("b").intValue());
        assertEquals(1.0, root.get("c").doubleValue());
        assertTrue(root.get("d").booleanValue());
        assertTrue(root.get("e").isNull());
        assertEquals("x", root.get("f").get(0).textValue());
        assertEquals("1", root.get("g").textValue(), "a verbatim core tag is the same tag");

        assertEquals(List.of("1:4 /a not a valid boolean: yes", "2:4 /b not a valid null: nothing", "3:4 /c not a valid integer: x"),
                problems("a: !!bool yes\nb: !!null nothing\nc: !!int x\n"));
    }

    @Test
    void listsAHundredProblemsAndStopsReadingAtTenThousandNodes() {
        SafeYamlReader reader = new SafeYamlReader(1 << 20, 32);
        List<YamlProblem> tags = reader.read(("a: [" + "!x 1, ".repeat(5_000) + "1]\n")
                .getBytes(StandardCharsets.UTF_8)).problems();
        assertEquals(101, tags.size());
        assertEquals("more than 100 problems: the rest of the file is not checked", tags.get(100).message());

        List<YamlProblem> nodes = reader.read(("a: [" + "1, ".repeat(10_000) + "1]\n").getBytes(StandardCharsets.UTF_8)).problems();
        // the root mapping, the key and the sequence are nodes too: item 9997 is node 10001
        assertEquals(List.of("/a/9997 more than 10000 YAML nodes: a spec needs far fewer"),
                nodes.stream().map(p -> p.pointer() + " " + p.message()).toList());
        assertTrue(reader.read(("a: [" + "1, ".repeat(9_996) + "1]\n").getBytes(StandardCharsets.UTF_8)).readable());
    }

    @Test
    void reportsSyntaxErrorsWithTheParsersPosition() {
        assertEquals(List.of("2:4  YAML syntax error: mapping values are not allowed here"),
                problems("a: b\n  c: d\n").stream().map(p -> p.replaceAll(" \\(line.*", "")).toList());
    }
}
