package dev.flinkgitops.git;

import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Git over SSH ({@code ssh://} URLs): one private key file and one known_hosts file, nothing from
 * the user's {@code ~/.ssh} and no SSH agent. Host keys are checked strictly: a host missing from
 * the known_hosts file, or with a different key, is refused. The factory is given to each
 * transport of a {@link GitRepository}; JGit's global {@code SshSessionFactory} is left alone.
 */
public final class GitSsh {

    private GitSsh() {}

    /**
     * @param keyFile the private key (unencrypted, OpenSSH or PEM format), or null
     * @param knownHostsFile the known_hosts file holding the server's host key, or null
     * @param home a directory of the daemon's own that stands in for the SSH home (a {@code .ssh/config}
     *     with {@code StrictHostKeyChecking yes} is written there)
     * @return the session factory, or null when neither file is set
     * @throws IllegalArgumentException naming the setting when only one is set or a file cannot be read
     */
    public static SshdSessionFactory sessionFactory(Path keyFile, Path knownHostsFile, Path home) {
        if (keyFile == null && knownHostsFile == null) {
            return null;
        }
        if (keyFile == null || knownHostsFile == null) {
            throw new IllegalArgumentException("git-ssh-key and git-known-hosts must be set together (SSH host keys are "
                    + "always checked); missing: " + (keyFile == null ? "git-ssh-key" : "git-known-hosts"));
        }
        Path key = readable(keyFile, "git-ssh-key", "private key");
        Path knownHosts = readable(knownHostsFile, "git-known-hosts", "known_hosts");
        Path sshDir;
        try {
            sshDir = Files.createDirectories(home.toAbsolutePath().resolve(".ssh"));
            Files.writeString(sshDir.resolve("config"), """
                    # Written by flink-gitops: host keys must be in the file of git-known-hosts.
                    Host *
                      StrictHostKeyChecking yes
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the SSH directory " + home, e);
        }
        Path config = sshDir.resolve("config");
        return new SshdSessionFactoryBuilder()
                .setHomeDirectory(home.toAbsolutePath().toFile())
                .setSshDirectory(sshDir.toFile())
                .setConfigFile(dir -> config.toFile())
                .setDefaultIdentities(dir -> List.of(key))
                .setDefaultKnownHostsFiles(dir -> List.of(knownHosts))
                .setPreferredAuthentications("publickey")
                .build(null);
    }

    private static Path readable(Path file, String setting, String what) {
        Path absolute = file.toAbsolutePath();
        if (!Files.isRegularFile(absolute) || !Files.isReadable(absolute)) {
            throw new IllegalArgumentException(setting + ": the " + what + " file " + absolute
                    + (Files.exists(absolute) ? " is not a readable file" : " does not exist"));
        }
        return absolute;
    }
}
