package dev.flinkgitops.cli;

import dev.flinkgitops.cli.RunSettings.Value;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static dev.flinkgitops.cli.RunSettings.error;

/**
 * The YAML file of {@code --config}: a mapping of setting name to value, each value turned into
 * the text its flag would carry (lists joined with commas, maps as {@code name=value,...}) and
 * remembered with its file:line. Secrets are never read from it.
 */
final class SettingsFile {

    /** How a setting's value is written: one value, a list, or a mapping of name to value. */
    enum Shape { SCALAR, LIST, MAP }

    /** Checks one value as a flag's converter would; throws naming the setting and {@code source}. */
    interface Checker {
        void check(String key, String text, String source);
    }

    private SettingsFile() {}

    /**
     * The settings in the file at {@code path}, each as the text its flag would carry, checked by
     * {@code checker}; throws naming file:line on any mistake.
     */
    static Map<String, Value> read(Path path, List<String> keys, Function<String, Shape> shapes, Checker checker) {
        Map<String, Value> values = new LinkedHashMap<>();
        Optional<MappingNode> root = mapping(path);
        if (root.isEmpty()) {
            return values;
        }
        MappingNode mapping = root.get();
        for (NodeTuple tuple : mapping.getValue()) {
            String at = where(path, tuple.getKeyNode());
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                throw error(at + ": a setting's name must be a plain word");
            }
            String key = keyNode.getValue();
            if (!keys.contains(key)) {
                if (looksSecret(key)) {
                    throw error(at + ": '" + key + "': secrets are never read from the config file; name an "
                            + "environment variable or a file instead (git-token-env/git-token-file, "
                            + "webhook-secret-env/webhook-secret-file, notify-env/notify-file)");
                }
                throw error(at + ": unknown setting '" + key + "' (known: " + String.join(", ", keys) + ")");
            }
            if (values.containsKey(key)) {
                throw error(at + ": setting '" + key + "' appears twice");
            }
            String value = "tenants".equals(key) ? flattenTenants(tuple.getValueNode(), at)
                    : flatten(key, shapes.apply(key), tuple.getValueNode(), at);
            checker.check(key, value, at);
            values.put(key, new Value(value, at));
        }
        return values;
    }

    /** The file's top-level mapping, empty for an empty file; throws naming the file when it is not one. */
    private static Optional<MappingNode> mapping(Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw error("cannot read config file " + path + ": " + e);
        }
        Optional<Node> root;
        try {
            // the whole file in the reader's buffer: snakeyaml-engine reads past it when an emoji straddles its end
            root = new Compose(LoadSettings.builder().setLabel(path.toString()).setBufferSize(Math.max(1024, text.length() + 2))
                    .build()).composeString(text);
        } catch (YamlEngineException e) {
            throw error("config file " + path + " is not valid YAML: " + e.getMessage());
        }
        if (root.isPresent() && !(root.get() instanceof MappingNode)) {
            throw error(where(path, root.get()) + ": the config file must be a mapping of setting: value");
        }
        return root.map(MappingNode.class::cast);
    }

    private static boolean looksSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("token") || k.contains("secret") || k.contains("password") || k.contains("credential");
    }

    private static String where(Path path, Node node) {
        return path + node.getStartMark().map(mark -> ":" + (mark.getLine() + 1)).orElse("");
    }

    /** The value as the string a flag would carry: lists joined with commas, maps as name=value,... */
    private static String flatten(String key, Shape shape, Node node, String at) {
        if (node instanceof ScalarNode scalar) {
            if (shape == Shape.MAP) {
                throw error(at + ": setting '" + key + "' must be a mapping of name: value");
            }
            return scalar.getValue();
        }
        if (node instanceof SequenceNode sequence && shape == Shape.LIST) {
            List<String> items = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                if (!(item instanceof ScalarNode scalar) || scalar.getValue().contains(",")) {
                    throw error(at + ": setting '" + key + "' must be a list of plain values without commas");
                }
                items.add(scalar.getValue());
            }
            return String.join(",", items);
        }
        if (node instanceof MappingNode mapping && shape == Shape.MAP) {
            List<String> entries = new ArrayList<>();
            for (NodeTuple entry : mapping.getValue()) {
                if (!(entry.getKeyNode() instanceof ScalarNode name) || !(entry.getValueNode() instanceof ScalarNode value)
                        || value.getValue().contains(",")) {
                    throw error(at + ": setting '" + key + "' must map names to plain values without commas");
                }
                entries.add(name.getValue() + "=" + value.getValue());
            }
            return String.join(",", entries);
        }
        throw error(at + ": setting '" + key + "' must be " + switch (shape) {
            case SCALAR -> "a single value";
            case LIST -> "a list or a single value";
            case MAP -> "a mapping of name: value";
        });
    }

    /** {@code tenants: {apps/payments: [payments, payments-staging]}} as the flag's text {@code apps/payments=payments,payments-staging;...}. */
    private static String flattenTenants(Node node, String at) {
        if (!(node instanceof MappingNode mapping)) {
            throw error(at + ": setting 'tenants' must be a mapping of folder: [namespace, ...]");
        }
        List<String> entries = new ArrayList<>();
        for (NodeTuple entry : mapping.getValue()) {
            Node value = entry.getValueNode();
            List<Node> items = value instanceof SequenceNode sequence ? sequence.getValue() : List.of(value);
            List<String> namespaces = new ArrayList<>();
            for (Node item : items) {
                if (!(item instanceof ScalarNode scalar) || scalar.getValue().contains(",") || scalar.getValue().contains(";")) {
                    throw error(where(at, entry.getKeyNode()) + ": setting 'tenants' must map each folder to a list of namespaces");
                }
                namespaces.add(scalar.getValue());
            }
            if (!(entry.getKeyNode() instanceof ScalarNode folder) || folder.getValue().contains(";")) {
                throw error(where(at, entry.getKeyNode()) + ": setting 'tenants' must have plain folders as keys");
            }
            entries.add(folder.getValue() + "=" + String.join(",", namespaces));
        }
        return String.join(";", entries);
    }

    /** The file:line of a nested node, given the setting's file:line. */
    private static String where(String at, Node node) {
        String file = at.replaceFirst(":\\d+$", "");
        return file + node.getStartMark().map(mark -> ":" + (mark.getLine() + 1)).orElse("");
    }
}
