package dev.flinkgitops.cli;

import dev.flinkgitops.config.GitConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The spec repository's branches and credentials as options; the defaults are {@link GitConfig#of}'s. */
final class GitOptions {

    private static final GitConfig DEFAULTS = GitConfig.of(null);

    @Option(names = "--branch", converter = SettingConverters.NotBlank.class,
            description = "Branch whose specs are applied (default: ${DEFAULT-VALUE}).")
    String branch = DEFAULTS.branch();

    @Option(names = "--path", split = ",",
            description = "Folders or files in the repository holding specs (default: ${DEFAULT-VALUE}).")
    List<String> paths = new ArrayList<>(DEFAULTS.paths());

    @Option(names = "--status-branch", converter = SettingConverters.NotBlank.class,
            description = "Branch the daemon writes status to (default: ${DEFAULT-VALUE}).")
    String statusBranch = DEFAULTS.statusBranch();

    @Option(names = "--git-username", converter = SettingConverters.NotBlank.class,
            description = "User name sent with the token over HTTPS (default: ${DEFAULT-VALUE}).")
    String username = DEFAULTS.username();

    @Option(names = "--git-token-env", paramLabel = "VAR", description = "Environment variable holding the HTTPS token or password.")
    String tokenEnv;

    @Option(names = "--git-token-file", paramLabel = "FILE", description = "File holding the HTTPS token or password.")
    Path tokenFile;

    @Option(names = "--git-ssh-key", paramLabel = "FILE", converter = SettingConverters.KeyFile.class,
            description = "Private key file (unencrypted) for an ssh:// repository; needs --git-known-hosts.")
    Path sshKey;

    @Option(names = "--git-known-hosts", paramLabel = "FILE", converter = SettingConverters.KeyFile.class,
            description = "known_hosts file with the SSH server's host key; any other host key is refused.")
    Path knownHosts;

    GitConfig toConfig(String repoUrl) {
        return GitConfig.of(repoUrl).withBranch(branch).withPaths(paths).withStatusBranch(statusBranch)
                .withToken(username, tokenEnv, tokenFile).withSsh(absolute(sshKey), absolute(knownHosts));
    }

    private static Path absolute(Path path) {
        return path == null ? null : path.toAbsolutePath();
    }
}
