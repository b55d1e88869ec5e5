package dev.flinkgitops.git;

import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** HTTPS credentials: a token (or password) from an environment variable or a mounted file. */
public final class GitCredentials {

    private GitCredentials() {}

    /**
     * @param tokenEnv name of an environment variable holding the token, or null
     * @param tokenFile a file holding the token, or null
     * @return a provider, or null when neither is set
     */
    public static CredentialsProvider from(String username, String tokenEnv, Path tokenFile, Map<String, String> env) {
        String token = null;
        if (tokenEnv != null) {
            token = env.get(tokenEnv);
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("git token variable " + tokenEnv + " is not set");
            }
        } else if (tokenFile != null) {
            try {
                token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read git token file " + tokenFile, e);
            }
        }
        return token == null ? null : new UsernamePasswordCredentialsProvider(username, token);
    }
}
