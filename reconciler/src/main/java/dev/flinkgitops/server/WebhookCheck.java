package dev.flinkgitops.server;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decides what a webhook delivery means, from its headers and raw body: a pure function with
 * no I/O. Authentication comes first and is the only thing that looks at the secret; the body
 * is only ever hashed, never parsed, so a delivery says no more than "something changed".
 *
 * <ul>
 *   <li>GitHub ({@code X-GitHub-Event}): {@code X-Hub-Signature-256: sha256=<hex>} must be the
 *       HMAC-SHA256 of the raw body keyed with the secret.
 *   <li>GitLab ({@code X-Gitlab-Event} or {@code X-Gitlab-Token}): {@code X-Gitlab-Token} must
 *       equal the secret.
 * </ul>
 *
 * Both comparisons are constant-time ({@link MessageDigest#isEqual}); the GitLab token is
 * compared through SHA-256 digests, so not even the secret's length shows in the timing.
 */
final class WebhookCheck {

    /** What to do with a delivery. {@code reason} is a fixed text of ours, safe to log and return. */
    record Verdict(Outcome outcome, String reason) {}

    enum Outcome {
        /** Authentic push: wake the daemon. */
        WAKE,
        /** Authentic, but an event that changes no branch (ping, issue, ...): acknowledge only. */
        IGNORE,
        /** Missing or wrong signature or token. */
        REJECT
    }

    private final byte[] secret;

    WebhookCheck(WebhookSecret secret) {
        this.secret = secret.bytes();
    }

    /** {@code header} looks a request header up by name, case-insensitively; null when absent. */
    Verdict check(Function<String, String> header, byte[] body) {
        String githubEvent = header.apply("X-GitHub-Event");
        if (githubEvent != null) {
            return github(githubEvent, header.apply("X-Hub-Signature-256"), body);
        }
        String gitlabEvent = header.apply("X-Gitlab-Event");
        String gitlabToken = header.apply("X-Gitlab-Token");
        if (gitlabEvent != null || gitlabToken != null) {
            return gitlab(gitlabEvent, gitlabToken);
        }
        return reject("no X-GitHub-Event or X-Gitlab-Event header");
    }

    private Verdict github(String event, String signature, byte[] body) {
        if (signature == null) {
            return reject("missing X-Hub-Signature-256");
        }
        byte[] expected = ("sha256=" + HexFormat.of().formatHex(hmacSha256(body))).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            return reject("X-Hub-Signature-256 does not match");
        }
        return "push".equals(event.strip())
                ? new Verdict(Outcome.WAKE, "github push")
                : new Verdict(Outcome.IGNORE, "github event is not a push");
    }

    private Verdict gitlab(String event, String token) {
        if (token == null) {
            return reject("missing X-Gitlab-Token");
        }
        if (!MessageDigest.isEqual(sha256(secret), sha256(token.strip().getBytes(StandardCharsets.UTF_8)))) {
            return reject("X-Gitlab-Token does not match");
        }
        return event != null && "Push Hook".equals(event.strip())
                ? new Verdict(Outcome.WAKE, "gitlab push")
                : new Verdict(Outcome.IGNORE, "gitlab event is not a push");
    }

    private byte[] hmacSha256(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    private static Verdict reject(String reason) {
        return new Verdict(Outcome.REJECT, reason);
    }
}
