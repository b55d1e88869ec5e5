package dev.flinkgitops.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The spec repository and how the daemon reaches it.
 *
 * @param repoUrl the spec repository (a path, file://, git://, http(s)://, ssh://)
 * @param branch the branch whose specs are applied
 * @param paths folders (or files) in the repository that hold specs
 * @param statusBranch the branch the daemon writes status to
 * @param username user name sent with a token over HTTPS
 * @param tokenEnv environment variable holding the git token, or null
 * @param tokenFile file holding the git token, or null
 * @param sshKey private key file for {@code ssh://} remotes, or null
 * @param knownHosts known_hosts file holding the SSH server's host key, or null
 */
public record GitConfig(String repoUrl, String branch, List<String> paths, String statusBranch, String username,
        String tokenEnv, Path tokenFile, Path sshKey, Path knownHosts) {

    public GitConfig {
        paths = List.copyOf(paths);
    }

    /** The defaults for a repository: branch main, specs under apps/, status on branch status, no credentials. */
    public static GitConfig of(String repoUrl) {
        return new GitConfig(repoUrl, "main", List.of("apps"), "status", "git", null, null, null, null);
    }

    public GitConfig withRepoUrl(String repoUrl) {
        return new GitConfig(repoUrl, branch, paths, statusBranch, username, tokenEnv, tokenFile, sshKey, knownHosts);
    }

    public GitConfig withBranch(String branch) {
        return new GitConfig(repoUrl, branch, paths, statusBranch, username, tokenEnv, tokenFile, sshKey, knownHosts);
    }

    public GitConfig withPaths(List<String> paths) {
        return new GitConfig(repoUrl, branch, paths, statusBranch, username, tokenEnv, tokenFile, sshKey, knownHosts);
    }

    public GitConfig withStatusBranch(String statusBranch) {
        return new GitConfig(repoUrl, branch, paths, statusBranch, username, tokenEnv, tokenFile, sshKey, knownHosts);
    }

    /** HTTPS credentials: the user name, and the variable or the file holding the token (either may be null). */
    public GitConfig withToken(String username, String tokenEnv, Path tokenFile) {
        return new GitConfig(repoUrl, branch, paths, statusBranch, username, tokenEnv, tokenFile, sshKey, knownHosts);
    }

    /** SSH credentials: the private key file and the known_hosts file (both or neither). */
    public GitConfig withSsh(Path sshKey, Path knownHosts) {
        return new GitConfig(repoUrl, branch, paths, statusBranch, username, tokenEnv, tokenFile, sshKey, knownHosts);
    }
}
