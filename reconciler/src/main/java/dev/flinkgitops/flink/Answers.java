package dev.flinkgitops.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * The shape checks every Flink answer passes before it is believed. A 2xx whose body is not the
 * JSON the call expects (an auth proxy's HTML login page, an empty body, {@code {}}, truncated
 * JSON, a job list missing fields) is a failed call, never an empty result. Messages describe
 * what came back without quoting it: a body may carry anything.
 */
final class Answers {

    static final Pattern FLINK_ID = Pattern.compile("[0-9a-fA-F]{32}");

    private Answers() {}

    /** The body as a JSON object, or a {@link MalformedAnswerException} saying what it was instead. */
    static JsonNode object(ObjectMapper json, String what, int status, String body) {
        JsonNode answer = parse(json, what, status, body);
        if (answer == null || !answer.isObject()) {
            throw malformed(what, status, "JSON that is not an object");
        }
        return answer;
    }

    /** The body as a JSON array, or a {@link MalformedAnswerException} saying what it was instead. */
    static JsonNode array(ObjectMapper json, String what, int status, String body) {
        JsonNode answer = parse(json, what, status, body);
        if (answer == null || !answer.isArray()) {
            throw malformed(what, status, "JSON that is not an array");
        }
        return answer;
    }

    private static JsonNode parse(ObjectMapper json, String what, int status, String body) {
        if (body == null || body.isBlank()) {
            throw malformed(what, status, "an empty body");
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw malformed(what, status, body.stripLeading().startsWith("<") ? "an HTML/XML page" : "a body that is not JSON");
        }
    }

    /** A field that must be an array. */
    static JsonNode array(JsonNode node, String field, String what, int status) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw malformed(what, status, "JSON without the array '" + field + "'");
        }
        return value;
    }

    /** A field that must be an object. */
    static JsonNode object(JsonNode node, String field, String what, int status) {
        JsonNode value = node.get(field);
        if (value == null || !value.isObject()) {
            throw malformed(what, status, "JSON without the object '" + field + "'");
        }
        return value;
    }

    /** A field that must be a non-empty string. */
    static String text(JsonNode node, String field, String what, int status) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw malformed(what, status, "JSON without the text '" + field + "'");
        }
        return value.asText();
    }

    /** A field that must be a Flink id (32 hex characters). */
    static String id(JsonNode node, String field, String what, int status) {
        String value = text(node, field, what, status);
        if (!FLINK_ID.matcher(value).matches()) {
            throw malformed(what, status, "a '" + field + "' that is not a Flink id");
        }
        return value;
    }

    /** A field that must be a whole number. */
    static long number(JsonNode node, String field, String what, int status) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
            throw malformed(what, status, "JSON without the number '" + field + "'");
        }
        return value.asLong();
    }

    /** A field that must be a boolean. */
    static boolean bool(JsonNode node, String field, String what, int status) {
        JsonNode value = node.get(field);
        if (value == null || !value.isBoolean()) {
            throw malformed(what, status, "JSON without the boolean '" + field + "'");
        }
        return value.asBoolean();
    }

    /**
     * The error list of an error answer that is Flink's own ({@code {"errors": [...]}}), or empty
     * when it is not (a proxy's page, an empty body).
     */
    static java.util.Optional<java.util.List<String>> flinkErrors(ObjectMapper json, String body) {
        try {
            JsonNode answer = body == null ? null : json.readTree(body);
            if (answer == null || !answer.isObject() || !answer.path("errors").isArray()) {
                return java.util.Optional.empty();
            }
            java.util.List<String> errors = new java.util.ArrayList<>();
            answer.path("errors").forEach(error -> errors.add(error.asText()));
            return java.util.Optional.of(errors);
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    static MalformedAnswerException malformed(String what, int status, String got) {
        return new MalformedAnswerException(what + ": the cluster answered HTTP " + status + " with " + got
                + ", not the answer Flink gives: treated as a failed call", status);
    }
}
