package dev.flinkgitops.testing;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.command.AbstractCommandSupport;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Git over SSH on 127.0.0.1, in process, for tests of {@code ssh://} remotes: an Apache MINA SSHD
 * server accepting one user with one public key, serving JGit's upload-pack (fetch) and
 * receive-pack (push) for bare repositories below a base directory. Its host key is an EC key
 * generated on start; {@link #knownHostsLine()} is the line a client's known_hosts needs.
 */
public final class GitSshServer implements AutoCloseable {

    /** One git command as the server saw it: the authenticated user, the command line and its exit code. */
    public record Command(String user, String command, int exit) {}

    private final Path base;
    private final SshServer server;
    private final SimpleGeneratorHostKeyProvider hostKeys;
    private final List<Command> commands = new CopyOnWriteArrayList<>();

    private GitSshServer(Path base, SshServer server, SimpleGeneratorHostKeyProvider hostKeys) {
        this.base = base;
        this.server = server;
        this.hostKeys = hostKeys;
    }

    /** Starts a server for {@code user}, authenticated by {@code authorized} only. */
    public static GitSshServer start(Path base, String user, PublicKey authorized) {
        try {
            Files.createDirectories(base);
            SshServer server = SshServer.setUpDefaultServer();
            server.setHost("127.0.0.1");
            server.setPort(0);
            SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(base.resolve("host-key"));
            hostKeys.setAlgorithm(KeyUtils.EC_ALGORITHM);
            server.setKeyPairProvider(hostKeys);
            server.setPasswordAuthenticator(null);
            server.setKeyboardInteractiveAuthenticator(null);
            server.setPublickeyAuthenticator((name, key, session) -> user.equals(name) && KeyUtils.compareKeys(authorized, key));
            GitSshServer git = new GitSshServer(base, server, hostKeys);
            server.setCommandFactory((channel, command) -> git.command(command));
            server.start();
            return git;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private AbstractCommandSupport command(String command) {
        return new AbstractCommandSupport(command, null) {
            @Override
            public void run() {
                String user = getServerSession().getUsername();
                String[] parts = command.split(" ", 2);
                if (parts.length != 2 || !(parts[0].equals("git-upload-pack") || parts[0].equals("git-receive-pack"))) {
                    commands.add(new Command(user, command, 127));
                    onExit(127, "unknown command");
                    return;
                }
                String path = parts[1].replace("'", "").replaceFirst("^/", "");
                try (Repository repo = Git.open(base.resolve(path).toFile()).getRepository()) {
                    if (parts[0].equals("git-upload-pack")) {
                        new UploadPack(repo).upload(getInputStream(), getOutputStream(), getErrorStream());
                    } else {
                        new ReceivePack(repo).receive(getInputStream(), getOutputStream(), getErrorStream());
                    }
                    commands.add(new Command(user, command, 0));
                    onExit(0);
                } catch (Exception e) {
                    commands.add(new Command(user, command, 1));
                    onExit(1, e.toString());
                }
            }
        };
    }

    /** Creates an empty bare repository (initial branch main) and returns its ssh:// URL with user {@code git}. */
    public String createRepository(String name) {
        try {
            Git.init().setBare(true).setDirectory(path(name).toFile()).setInitialBranch("main").call().close();
        } catch (org.eclipse.jgit.api.errors.GitAPIException e) {
            throw new IllegalStateException(e);
        }
        return url("git", name);
    }

    public String url(String user, String name) {
        return "ssh://" + user + "@127.0.0.1:" + port() + "/" + name;
    }

    /** The repository on disk (to seed or inspect it without SSH). */
    public Path path(String name) {
        return base.resolve(name);
    }

    public int port() {
        return server.getPort();
    }

    /** The known_hosts line for this server's host key. */
    public String knownHostsLine() {
        KeyPair host = hostKeys.loadKeys(null).iterator().next();
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(host.getPublic()) + "\n";
    }

    /** Every git command run so far. */
    public List<Command> commands() {
        return List.copyOf(commands);
    }

    /** A new EC (P-256) key pair for a client. */
    public static KeyPair newClientKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the private key in OpenSSH format, unencrypted (as {@code ssh-keygen -N ''} does), and returns the file. */
    public static Path writePrivateKey(KeyPair key, Path file) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "flink-gitops-test", null, out);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, out.toByteArray());
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            server.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
