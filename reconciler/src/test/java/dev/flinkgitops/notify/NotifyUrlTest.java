package dev.flinkgitops.notify;

import dev.flinkgitops.config.NotifyConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Receivers' URLs: as given, from the environment or from files; shown and refused without their secret parts. */
class NotifyUrlTest {

    @TempDir
    Path dir;

    @Test
    void aUrlIsShownWithSchemeHostAndPortOnly() {
        assertEquals("https://hooks.slack.com/…", NotifyUrl.parse("https://hooks.slack.com/services/T/B/secret").toString());
        assertEquals("http://relay:8080/…", NotifyUrl.parse("http://relay:8080/?token=secret").toString());
        assertEquals("https://relay/…", NotifyUrl.parse("https://user:secret@relay/x").toString());
        assertEquals("http://relay/", NotifyUrl.parse("http://relay").toString());
    }

    @Test
    void aBadUrlIsRefusedWithoutRepeatingIt() {
        for (String bad : List.of("ftp://host/secret-canary", "hooks/secret-canary", "http://bad host/secret-canary", " ")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> NotifyUrl.parse(bad), bad);
            assertFalse(refused.getMessage().contains("secret-canary"), refused.getMessage());
        }
    }

    @Test
    void urlsComeAsGivenThenFromTheEnvironmentThenFromFiles() throws Exception {
        Path file = Files.writeString(dir.resolve("urls"), "# receivers\nhttps://b.example/2\n\n  https://c.example/3  \n");
        List<NotifyUrl> urls = NotifyUrl.all(new NotifyConfig(List.of("https://a.example/1"), List.of("SLACK"), List.of(file)),
                Map.of("SLACK", "https://hooks.slack.com/services/T/B/x\n"));
        assertEquals(List.of("https://a.example/1", "https://hooks.slack.com/services/T/B/x", "https://b.example/2",
                "https://c.example/3"), urls.stream().map(url -> url.uri().toString()).toList());
    }

    @Test
    void anUnsetVariableAnEmptyFileOrABadLineNamesItsSourceAndNotTheValue() throws Exception {
        IllegalArgumentException unset = assertThrows(IllegalArgumentException.class,
                () -> NotifyUrl.all(new NotifyConfig(List.of(), List.of("SLACK"), List.of()), Map.of()));
        assertEquals("notification URL variable SLACK is not set", unset.getMessage());

        Path empty = Files.writeString(dir.resolve("empty"), "# nothing\n");
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> NotifyUrl.all(new NotifyConfig(List.of(), List.of(), List.of(empty)), Map.of()));
        assertEquals("notification URL file " + empty + " holds no URL", none.getMessage());

        Path bad = Files.writeString(dir.resolve("bad"), "https://ok.example/1\nhooks.example/secret-canary\n");
        IllegalArgumentException line = assertThrows(IllegalArgumentException.class,
                () -> NotifyUrl.all(new NotifyConfig(List.of(), List.of(), List.of(bad)), Map.of()));
        assertTrue(line.getMessage().startsWith(bad + ":2: "), line.getMessage());
        assertFalse(line.getMessage().contains("secret-canary"), line.getMessage());
    }
}
