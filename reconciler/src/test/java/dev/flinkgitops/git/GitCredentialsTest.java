package dev.flinkgitops.git;

import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTPS credentials from an environment variable or a file, never from the command line. */
class GitCredentialsTest {

    @TempDir
    Path dir;

    private static String[] answer(CredentialsProvider provider) throws Exception {
        CredentialItem.Username user = new CredentialItem.Username();
        CredentialItem.Password password = new CredentialItem.Password();
        assertTrue(provider.get(new URIish("https://git.example.com/a.git"), user, password));
        return new String[] {user.getValue(), new String(password.getValue())};
    }

    @Test
    void aTokenFromAnEnvironmentVariable() throws Exception {
        CredentialsProvider provider = GitCredentials.from("bot", "GIT_TOKEN", null, Map.of("GIT_TOKEN", "s3cr3t"));
        assertEquals("bot", answer(provider)[0]);
        assertEquals("s3cr3t", answer(provider)[1]);
    }

    @Test
    void aTokenFromAFileWithoutItsTrailingNewline() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "from-file\n");
        assertEquals("from-file", answer(GitCredentials.from("git", null, file, Map.of()))[1]);
    }

    @Test
    void anUnsetVariableIsAnErrorNamingItButNotItsValue() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> GitCredentials.from("git", "GIT_TOKEN", null, Map.of()));
        assertTrue(error.getMessage().contains("GIT_TOKEN"));
    }

    @Test
    void noTokenMeansNoCredentials() {
        assertNull(GitCredentials.from("git", null, null, Map.of()));
    }
}
