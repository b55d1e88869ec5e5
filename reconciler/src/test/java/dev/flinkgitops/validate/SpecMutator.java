package dev.flinkgitops.validate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of spec files, for {@link SpecFuzzTest}: byte flips, truncations, type swaps,
 * special floats, tags, anchors and aliases, deep nesting, BOM, CRLF, several documents,
 * symbolic-link blobs and more. The same seed always gives the same inputs.
 */
final class SpecMutator {

    /** One generated input and how it was made (for the failure message). */
    record Input(byte[] content, List<String> steps) {}

    private static final String[] VALUES = {"~", "null", "true", "False", "0", "-1", "007", "0x1F", "0o17", "1.5", "1e3",
        "''", "\"\"", "[]", "{}", "[a, 1]", "{a: 1}", "\"quoted\"", "'single'", "|\n  block\n", ">-\n  folded\n",
        "2001-12-14t21:59:43.10-05:00", "9223372036854775808", "-0", "0b101", "yes", "on", "=", "<<", "? a\n: b"};
    private static final String[] SPECIAL_FLOATS = {".inf", "-.inf", "+.inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN",
        "1e999", "-1e999", "!!float .inf", "!!float Infinity", "!!float NaN", "!!float -0"};
    private static final String[] TAGS = {"!!java/object:java.lang.ProcessBuilder", "!foo", "!", "!!set", "!!map", "!!seq",
        "!!str", "!!int", "!!float", "!!bool", "!!null", "!!binary", "!!timestamp", "!!omap", "!<tag:yaml.org,2002:str>",
        "!<tag:example.com,2000:app>", "!!python/object/apply:os.system", "!<!>", "!e!x"};
    private static final String[] SYMLINK_TARGETS = {"../other.yaml", "/etc/passwd", "apps/a.yaml", "..", "/dev/zero"};
    private static final String[] ODD_TEXT = {"\u0000", "\uFEFF", "\u0085", "\u2028", "\u200B", "\u202E", "\t", "\r",
        "\u00e9", "\uD83D\uDE00", "%YAML 1.1\n", "%TAG !! tag:example.com,2000:\n", "...\n", "--- ", "#", ": ", "- ", "&", "*",
        "@", "`", "\\", "\"", "'", "{", "}", "[", "]", ",", "?", "|", ">"};
    private static final byte[] ODD_BYTES = {0, (byte) 0xFF, (byte) 0xC3, (byte) 0xE2, (byte) 0x80, '\t', '\n', '\r', ':',
        '-', '[', '{', '&', '*', '!', '|', '>', '"', '\'', '#', '%', ' '};

    /** Largest input made: above the validator's 256 KB cap, well below the test's heap. */
    private static final int MAX_SIZE = 400_000;

    private final Random random;

    SpecMutator(long seed) {
        this.random = new Random(seed);
    }

    /** One to three mutations of {@code seed}; {@code other} is another seed, for several documents in one file. */
    Input mutate(byte[] seed, byte[] other) {
        byte[] content = seed;
        List<String> steps = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(16);
            steps.add(name(kind));
            content = apply(kind, content, other);
            if (content.length > MAX_SIZE) {
                content = Arrays.copyOf(content, MAX_SIZE); // larger is no harder: the size cap rejects it unread
            }
        }
        return new Input(content, steps);
    }

    private static String name(int kind) {
        return List.of("byte flip", "odd byte", "truncation", "type swap", "special float", "tag", "anchor and alias",
                "deep nesting", "BOM", "CRLF", "several documents", "symlink blob", "odd text", "line shuffle",
                "indentation", "repetition").get(kind);
    }

    private byte[] apply(int kind, byte[] content, byte[] other) {
        String text = new String(content, StandardCharsets.UTF_8);
        return switch (kind) {
            case 0 -> flipBits(content);
            case 1 -> oddByte(content);
            case 2 -> Arrays.copyOf(content, content.length == 0 ? 0 : random.nextInt(content.length));
            case 3 -> bytes(replaceValue(text, pick(VALUES)));
            case 4 -> bytes(replaceValue(text, pick(SPECIAL_FLOATS)));
            case 5 -> bytes(tagValue(text));
            case 6 -> bytes(anchorsAndAliases(text));
            case 7 -> bytes(replaceValue(text, deep(1 + random.nextInt(random.nextBoolean() ? 40 : 3000))));
            case 8 -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, content);
            case 9 -> bytes(random.nextBoolean() ? text.replace("\n", "\r\n") : text.replace("\n", "\r"));
            case 10 -> bytes(documents(text, new String(other, StandardCharsets.UTF_8)));
            case 11 -> bytes(pick(SYMLINK_TARGETS));
            case 12 -> bytes(insert(text, pick(ODD_TEXT)));
            case 13 -> bytes(shuffleLines(text));
            case 14 -> bytes(indent(text));
            default -> bytes(repeat(text));
        };
    }

    /** A YAML "billion laughs": each level aliases the one before nine times. */
    static String laughs(int levels) {
        StringBuilder bomb = new StringBuilder("apiVersion: flink.apache.org/v1beta1\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= levels; i++) {
            bomb.append("l").append(i).append(": &l").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, "*l" + (i - 1)))).append("]\n");
        }
        return bomb.toString();
    }

    /** A flood of {@code count} aliases of one anchor, in a flow sequence. */
    static String aliasFlood(int count) {
        return "a: &a [x]\nb: [" + "*a, ".repeat(count) + "*a]\n";
    }

    /** A nested value {@code depth} levels deep, in flow or block style. */
    String deep(int depth) {
        int style = random.nextInt(3);
        if (style == 0) {
            return "[".repeat(depth) + "]".repeat(depth);
        }
        if (style == 1) {
            return "{a: ".repeat(depth) + "1" + "}".repeat(depth);
        }
        StringBuilder block = new StringBuilder("\n");
        for (int i = 1; i <= Math.min(depth, 400); i++) {
            block.append("  ".repeat(i + 1)).append("k").append(i).append(":\n");
        }
        return block.append("  ".repeat(Math.min(depth, 400) + 2)).append("v\n").toString();
    }

    private byte[] flipBits(byte[] content) {
        byte[] copy = content.clone();
        for (int i = 0; i < 1 + random.nextInt(4) && copy.length > 0; i++) {
            copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return copy;
    }

    private byte[] oddByte(byte[] content) {
        if (content.length == 0) {
            return new byte[] {ODD_BYTES[random.nextInt(ODD_BYTES.length)]};
        }
        byte[] copy = content.clone();
        copy[random.nextInt(copy.length)] = ODD_BYTES[random.nextInt(ODD_BYTES.length)];
        return copy;
    }

    /** Replaces the value of a random {@code key: value} line (or appends one) with {@code value}. */
    private String replaceValue(String text, String value) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(": ") && !lines.get(i).trim().startsWith("#")) {
                candidates.add(i);
            }
        }
        if (candidates.isEmpty()) {
            return text + "\nkey: " + value + "\n";
        }
        int line = candidates.get(random.nextInt(candidates.size()));
        String current = lines.get(line);
        lines.set(line, current.substring(0, current.indexOf(": ") + 2) + value);
        return String.join("\n", lines);
    }

    private String tagValue(String text) {
        String tag = pick(TAGS);
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int line = random.nextInt(lines.size());
        String current = lines.get(line);
        int colon = current.indexOf(':');
        if (colon < 0 || random.nextInt(4) == 0) {
            lines.add(line, tag);
        } else {
            lines.set(line, current.substring(0, colon + 1) + " " + tag + current.substring(colon + 1));
        }
        return String.join("\n", lines);
    }

    private String anchorsAndAliases(String text) {
        return switch (random.nextInt(4)) {
            case 0 -> replaceValue(text, "&a " + pick(VALUES));
            case 1 -> replaceValue(replaceValue(text, "&x [a]"), "*x");
            case 2 -> text + "\n" + laughs(1 + random.nextInt(9));
            default -> replaceValue(text, "{<<: *base, a: 1}");
        };
    }

    private String documents(String text, String other) {
        return switch (random.nextInt(4)) {
            case 0 -> "---\n" + text;
            case 1 -> text + "\n---\n" + other;
            case 2 -> text + "\n...\n";
            default -> "%YAML 1.2\n---\n" + text + "\n...\n---\n" + other;
        };
    }

    private String insert(String text, String piece) {
        int at = text.isEmpty() ? 0 : random.nextInt(text.length());
        if (Character.isLowSurrogate(text.isEmpty() ? 'x' : text.charAt(at))) {
            at--;
        }
        return text.substring(0, at) + piece + text.substring(at);
    }

    private String shuffleLines(String text) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int a = random.nextInt(lines.size());
        int b = random.nextInt(lines.size());
        switch (random.nextInt(3)) {
            case 0 -> java.util.Collections.swap(lines, a, b);
            case 1 -> lines.add(b, lines.get(a));
            default -> lines.remove(a);
        }
        return String.join("\n", lines);
    }

    private String indent(String text) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int line = random.nextInt(lines.size());
        String current = lines.get(line);
        lines.set(line, switch (random.nextInt(3)) {
            case 0 -> " " + current;
            case 1 -> "\t" + current;
            default -> current.stripLeading();
        });
        return String.join("\n", lines);
    }

    /** A line repeated many times (duplicate keys, long lists), or a very long scalar. */
    private String repeat(String text) {
        if (random.nextBoolean()) {
            return replaceValue(text, "x".repeat(1 + random.nextInt(300_000)));
        }
        List<String> lines = Arrays.asList(text.split("\n", -1));
        String line = lines.get(random.nextInt(lines.size()));
        int times = Math.min(1 + random.nextInt(20_000), MAX_SIZE / (line.length() + 1));
        return text + "\n" + (line + "\n").repeat(times);
    }

    private String pick(String[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
