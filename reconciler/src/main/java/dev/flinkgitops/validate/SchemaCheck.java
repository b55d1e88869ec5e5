package dev.flinkgitops.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.flinkgitops.yaml.SourcePosition;
import dev.flinkgitops.yaml.YamlTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Validates a YAML tree against the packaged JSON Schema, reporting every violation. Thread-safe. */
final class SchemaCheck {

    /** Where the schema sits on the class path (the build copies the repository's {@code schema/}). */
    static final String SCHEMA_RESOURCE = "schema/flink-gitops.schema.json";

    /** Keywords whose message reads better after the offending value. */
    private static final Set<String> VALUE_KEYWORDS = Set.of("enum", "const", "pattern");

    /** Findings reported per file at most; the rest are counted. */
    static final int MAX_FINDINGS = 100;

    /** Keywords that compare a number's value: meaningless on a special float's stand-in. */
    private static final Set<String> RANGE_KEYWORDS = Set.of("minimum", "maximum", "exclusiveMinimum",
            "exclusiveMaximum", "multipleOf");

    private final Schema schema;

    SchemaCheck() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        try (InputStream in = SchemaCheck.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA_RESOURCE + " is not on the class path");
            }
            schema = registry.getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SCHEMA_RESOURCE, e);
        }
        // Resolve references now, not lazily during a concurrent first use.
        schema.validate(JsonNodeFactory.instance.objectNode());
    }

    /**
     * Every schema violation (the first {@link #MAX_FINDINGS}, then a count of the rest), and
     * every special float ({@code .inf}, {@code .nan}) that no violation names: the schema sees a
     * finite stand-in for each, whose range checks are dropped.
     */
    List<Finding> check(String file, YamlTree tree) {
        Map<String, String> special = SpecialFloats.find(tree.root());
        JsonNode instance = special.isEmpty() ? tree.root() : SpecialFloats.withStandIns(tree.root());
        Set<Finding> findings = new LinkedHashSet<>();
        Set<String> named = new HashSet<>();
        int notShown = 0;
        for (Error error : schema.validate(instance)) {
            String pointer = pointer(error.getInstanceLocation());
            if (special.containsKey(pointer) && RANGE_KEYWORDS.contains(error.getKeyword())) {
                continue;
            }
            named.add(pointer);
            if (findings.size() < MAX_FINDINGS) {
                findings.add(finding(file, tree, error, special.get(pointer)));
            } else {
                notShown++;
            }
        }
        for (Map.Entry<String, String> entry : special.entrySet()) {
            if (named.contains(entry.getKey())) {
                continue;
            }
            if (findings.size() < MAX_FINDINGS) {
                SourcePosition at = tree.positionOf(entry.getKey());
                findings.add(new Finding(Finding.Severity.ERROR, file, at.line(), at.column(), entry.getKey(),
                        entry.getValue() + " is not a finite number (a spec holds JSON values: no infinity, no NaN)"));
            } else {
                notShown++;
            }
        }
        if (notShown > 0) {
            findings.add(new Finding(Finding.Severity.ERROR, file, 1, 1, "", notShown + " more schema errors not shown"));
        }
        return new ArrayList<>(findings);
    }

    /** @param yamlText how a special float was written, or null: it stands for the stand-in's value in messages */
    private Finding finding(String file, YamlTree tree, Error error, String yamlText) {
        String pointer = pointer(error.getInstanceLocation());
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        String property = error.getProperty();
        SourcePosition position;
        String message;
        if ("additionalProperties".equals(keyword) && property != null) {
            pointer = YamlTree.child(pointer, property);
            position = tree.keyPositionOf(pointer);
            String suggestion = suggestion(error, property);
            message = "unknown field '" + property + "'"
                    + (suggestion.isEmpty() ? SchemaMessages.unknownField(pointer, property) : suggestion);
        } else if ("required".equals(keyword) && property != null) {
            position = tree.positionOf(pointer);
            message = "missing required field '" + property + "'";
        } else if (SchemaMessages.forValue(pointer, error.getInstanceNode()) != null) {
            position = tree.positionOf(pointer);
            message = SchemaMessages.forValue(pointer, error.getInstanceNode());
        } else if (VALUE_KEYWORDS.contains(keyword) && error.getInstanceNode() != null) {
            position = tree.positionOf(pointer);
            message = (yamlText != null ? yamlText : error.getInstanceNode()) + " " + error.getMessage();
        } else {
            position = tree.positionOf(pointer);
            message = error.getMessage();
        }
        return new Finding(Finding.Severity.ERROR, file, position.line(), position.column(), pointer, message);
    }

    /** " (did you mean 'x'?)" when a declared property is one or two edits from {@code property}. */
    private String suggestion(Error error, String property) {
        String location = String.valueOf(error.getSchemaLocation());
        int hash = location.indexOf('#');
        if (hash < 0 || !location.endsWith("/additionalProperties")) {
            return "";
        }
        String parent = location.substring(hash + 1, location.length() - "/additionalProperties".length());
        JsonNode properties = schema.getSchemaNode().at(parent + "/properties");
        List<String> close = new ArrayList<>();
        properties.fieldNames().forEachRemaining(name -> {
            if (EditDistance.atMostTwo(name.toLowerCase(), property.toLowerCase())) {
                close.add(name);
            }
        });
        return close.size() == 1 ? " (did you mean '" + close.get(0) + "'?)" : "";
    }

    /** networknt's instance location as a JSON pointer ("" for the document). */
    static String pointer(NodePath path) {
        String pointer = "";
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            pointer = element instanceof Integer index
                    ? pointer + "/" + index
                    : YamlTree.child(pointer, String.valueOf(element));
        }
        return pointer;
    }
}
