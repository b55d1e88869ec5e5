package dev.flinkgitops.redact;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every redaction case, and the non-secrets left alone. */
class RedactTest {

    private static final String M = Redact.MASK;

    static Stream<Arguments> uris() {
        return Stream.of(
                Arguments.of("https://user:pass@host/x.jar", "https://host/x.jar"),
                Arguments.of("https://token@github.com/org/specs.git", "https://github.com/org/specs.git"),
                Arguments.of("http://u:p@ss@127.0.0.1:8080/a.jar", "http://127.0.0.1:8080/a.jar"),
                Arguments.of("ssh://git@host/specs.git", "ssh://host/specs.git"),
                Arguments.of("local://deployer:s3cr3t@jars/opt/flink/usrlib/job.jar", "local://jars/opt/flink/usrlib/job.jar"),
                Arguments.of("s3://bucket/path", "s3://bucket/path"),
                Arguments.of("https://host/path@v2/x.jar", "https://host/path@v2/x.jar"),
                Arguments.of("local:///opt/flink/usrlib/job.jar", "local:///opt/flink/usrlib/job.jar"),
                Arguments.of("git@github.com:org/specs.git", "git@github.com:org/specs.git"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("uris")
    void uriLosesItsUserInfo(String uri, String shown) {
        assertEquals(shown, Redact.uri(uri));
        assertEquals(shown, Redact.text(uri), "free text strips the same");
    }

    static Stream<Arguments> args() {
        return Stream.of(
                Arguments.of(List.of("--password", "x"), List.of("--password", M)),
                Arguments.of(List.of("--secret", "abc", "--token", "t0k"), List.of("--secret", M, "--token", M)),
                Arguments.of(List.of("--api-key", "k", "--db-password", "p"), List.of("--api-key", M, "--db-password", M)),
                Arguments.of(List.of("--password=hunter2"), List.of("--password=" + M)),
                Arguments.of(List.of("--jdbc", "jdbc:postgresql://db:5432/x?user=app&password=hunter2"),
                        List.of("--jdbc", "jdbc:postgresql://db:5432/x?user=app&password=" + M)),
                Arguments.of(List.of("--jdbc", "jdbc:postgresql://app:hunter2@db:5432/x"),
                        List.of("--jdbc", "jdbc:postgresql://db:5432/x")),
                Arguments.of(List.of("--brokers", "app:hunter2@kafka:9092"), List.of("--brokers", M + "@kafka:9092")),
                Arguments.of(List.of("--password", "--tag", "v1"), List.of("--password", "--tag", "v1")),
                Arguments.of(List.of("--parallelism", "4", "--keys", "10", "--input", "s3://bucket/path"),
                        List.of("--parallelism", "4", "--keys", "10", "--input", "s3://bucket/path")),
                Arguments.of(List.of("--key-by", "user", "--offset", "-5"), List.of("--key-by", "user", "--offset", "-5")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("args")
    void argsMaskSecretFlagValues(List<String> args, List<String> shown) {
        assertEquals(shown, Redact.args(args));
    }

    static Stream<Arguments> configValues() {
        String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"app\" password=\"hunter2\";";
        return Stream.of(
                Arguments.of("s3.secret-key", "abc", M),
                Arguments.of("fs.s3a.access.key", "AKIA", M),
                Arguments.of("security.ssl.truststore-password", "x", M),
                Arguments.of("sasl.jaas.config", jaas, jaas.replace("\"hunter2\"", "\"" + M + "\"")),
                Arguments.of("scram.config", "ScramLoginModule required username='app' password='hunter2';",
                        "ScramLoginModule required username='app' password='" + M + "';"),
                Arguments.of("my.jdbc.url", "jdbc:mysql://db/x?user=app&password=hunter2&ssl=true",
                        "jdbc:mysql://db/x?user=app&password=" + M + "&ssl=true"),
                Arguments.of("my.source", "https://app:hunter2@host/feed", "https://host/feed"),
                Arguments.of("my.brokers", "app:hunter2@kafka:9092", M + "@kafka:9092"),
                Arguments.of("oauth.config", "clientId=\"c\" clientSecret=\"s3\";", "clientId=\"c\" clientSecret=\"" + M + "\";"),
                Arguments.of("parallelism.default", "4", "4"),
                Arguments.of("state.checkpoints.dir", "s3://bucket/path", "s3://bucket/path"),
                Arguments.of("execution.checkpointing.interval", "10 s", "10 s"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configValues")
    void configValueMasksSecretKeysAndSecretParts(String key, String value, String shown) {
        assertEquals(shown, Redact.configValue(key, value));
    }

    static Stream<Arguments> texts() {
        return Stream.of(
                Arguments.of("jarURI https://user:pass@host/x.jar: download failed", "jarURI https://host/x.jar: download failed"),
                Arguments.of("args [--password, hunter2, --tag, v1]", "args [--password, " + M + ", --tag, v1]"),
                Arguments.of("main() failed: bad --password hunter2 given", "main() failed: bad --password " + M + " given"),
                Arguments.of("cannot parse 'password=\"hunter2\"'", "cannot parse 'password=\"" + M + "\"'"),
                Arguments.of("{\"password\":\"hunter2\"}", "{\"password\":\"" + M + "\"}"),
                Arguments.of("fetch from https://host/specs.git failed: not authorized", "fetch from https://host/specs.git failed: not authorized"),
                Arguments.of("savepoint s3://bucket/sp-1 completed at 10:30", "savepoint s3://bucket/sp-1 completed at 10:30"),
                Arguments.of("upgrade to parallelism 4 with --keys 10", "upgrade to parallelism 4 with --keys 10"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void textMasksEverySecretPattern(String text, String shown) {
        assertEquals(shown, Redact.text(text));
        assertEquals(shown, Redact.text(shown), "redacting twice changes nothing more");
    }

    @Test
    void flinkErrorTextsLoseEveryArgumentAndConfigurationValue() {
        List<String> args = List.of("--keys", "CANARY-1", "--password", "CANARY-2", "--mode=CANARY-3", "--p", "4");
        Map<String, String> config = Map.of("my.opaque", "CANARY-4", "x", "on");
        String error = "NumberFormatException: For input string: \"CANARY-1\"; CANARY-2 CANARY-3 CANARY-4 on 4";
        assertEquals("NumberFormatException: For input string: \"" + M + "\"; " + M + " " + M + " " + M + " on 4",
                Redact.text(error, Redact.allValues(args, config)));
    }

    @Test
    void secretValuesAreThoseOfSecretFlagsAndKeys() {
        List<String> args = List.of("--tag", "v1", "--password", "pw-1", "--api-key=key-2", "--keys", "10");
        Map<String, String> config = Map.of("s3.secret-key", "sk-3", "parallelism.default", "4");
        assertEquals(Set.of("pw-1", "key-2", "sk-3"), Redact.secretValues(args, config));
        assertEquals("tag v1, keys 10, " + M + " " + M + " " + M,
                Redact.text("tag v1, keys 10, pw-1 key-2 sk-3", Redact.secretValues(args, config)));
    }
}
