package dev.flinkgitops.server;

import static dev.flinkgitops.server.WebhookCheck.Outcome.IGNORE;
import static dev.flinkgitops.server.WebhookCheck.Outcome.REJECT;
import static dev.flinkgitops.server.WebhookCheck.Outcome.WAKE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WebhookCheckTest {

    static final String SECRET = "It's a Secret to Everybody";
    static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    /** GitHub's documented example: this body signed with this secret. */
    static final String GITHUB_EXAMPLE_SIGNATURE =
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    private final WebhookCheck check = new WebhookCheck(WebhookSecret.of(SECRET));

    static Stream<Arguments> deliveries() {
        return Stream.of(
                Arguments.of("github push, right signature", WAKE,
                        Map.of("X-GitHub-Event", "push", "X-Hub-Signature-256", GITHUB_EXAMPLE_SIGNATURE)),
                Arguments.of("github push, upper-case hex", WAKE,
                        Map.of("X-GitHub-Event", "push", "X-Hub-Signature-256",
                                "sha256=" + GITHUB_EXAMPLE_SIGNATURE.substring(7).toUpperCase())),
                Arguments.of("github ping, right signature", IGNORE,
                        Map.of("X-GitHub-Event", "ping", "X-Hub-Signature-256", GITHUB_EXAMPLE_SIGNATURE)),
                Arguments.of("github push, wrong signature", REJECT,
                        Map.of("X-GitHub-Event", "push", "X-Hub-Signature-256", "sha256=" + "0".repeat(64))),
                Arguments.of("github push, sha1 signature only", REJECT,
                        Map.of("X-GitHub-Event", "push", "X-Hub-Signature", "sha1=0123")),
                Arguments.of("github push, no signature", REJECT, Map.of("X-GitHub-Event", "push")),
                Arguments.of("gitlab push, right token", WAKE,
                        Map.of("X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", SECRET)),
                Arguments.of("gitlab tag push, right token", IGNORE,
                        Map.of("X-Gitlab-Event", "Tag Push Hook", "X-Gitlab-Token", SECRET)),
                Arguments.of("gitlab push, wrong token", REJECT,
                        Map.of("X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", SECRET + "x")),
                Arguments.of("gitlab push, no token", REJECT, Map.of("X-Gitlab-Event", "Push Hook")),
                Arguments.of("no provider headers", REJECT, Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deliveries")
    void decides(String name, WebhookCheck.Outcome expected, Map<String, String> headers) {
        Map<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseInsensitive.putAll(headers);
        assertEquals(expected, check.check(caseInsensitive::get, BODY).outcome());
    }

    @Test
    void theSecretNeverShowsInItsToString() {
        assertFalse(WebhookSecret.of(SECRET).toString().contains("Secret to"));
    }
}
