package dev.flinkgitops.jars;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns a spec's {@code jarURI} into a local file:
 * <ul>
 *   <li>{@code file:/path} → that path, which must exist;</li>
 *   <li>{@code local:///dir/name.jar} → the path if it exists, else {@code name.jar} in the
 *       configured jar directories, else the jar bundled in our own jar as the classpath
 *       resource {@code examples/name.jar}, extracted once into the cache directory;</li>
 *   <li>{@code http://} and {@code https://} → downloaded once into the cache directory.</li>
 * </ul>
 * Files in the cache directory are written atomically (temporary file, then rename), so a
 * file there is always complete.
 */
public final class JarResolver {

    public static final Duration DEFAULT_DOWNLOAD_TIMEOUT = Duration.ofMinutes(2);
    public static final long DEFAULT_MAX_DOWNLOAD_BYTES = 512L * 1024 * 1024;
    static final String BUNDLED_PREFIX = "examples/";

    private final List<Path> jarDirectories;
    private final Path cacheDirectory;
    private final JarDownload download;

    public JarResolver(List<Path> jarDirectories, Path cacheDirectory, Duration downloadTimeout, long maxDownloadBytes) {
        this.jarDirectories = List.copyOf(jarDirectories);
        this.cacheDirectory = cacheDirectory;
        this.download = new JarDownload(downloadTimeout, maxDownloadBytes);
    }

    public JarResolver(List<Path> jarDirectories, Path cacheDirectory) {
        this(jarDirectories, cacheDirectory, DEFAULT_DOWNLOAD_TIMEOUT, DEFAULT_MAX_DOWNLOAD_BYTES);
    }

    /** The local jar for {@code jarUri}; a {@link JarResolveException} naming the URI when there is none. */
    public Path resolve(String jarUri) {
        URI uri = parse(jarUri);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        return switch (scheme) {
            case "file" -> existingFile(jarUri, Path.of(uri));
            case "local" -> local(jarUri, uri);
            case "http", "https" -> downloaded(jarUri, uri);
            default -> throw new JarResolveException(
                    "jarURI " + jarUri + ": unsupported scheme (use file:, local:, http: or https:)", false);
        };
    }

    private Path local(String jarUri, URI uri) {
        String path = uri.getPath();
        if (path == null || path.isEmpty() || path.endsWith("/")) {
            throw new JarResolveException("jarURI " + jarUri + ": names no file", false);
        }
        Path direct = Path.of(path);
        if (Files.isRegularFile(direct)) {
            return direct;
        }
        String name = direct.getFileName().toString();
        for (Path directory : jarDirectories) {
            Path candidate = directory.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        Path bundled = bundled(name);
        if (bundled != null) {
            return bundled;
        }
        throw new JarResolveException("jarURI " + jarUri + ": not found at " + path + ", not in the jar directories "
                + jarDirectories + " and not bundled as " + BUNDLED_PREFIX + name, false);
    }

    /** Extracts the bundled resource {@code examples/<name>} once; null when there is no such resource. */
    private Path bundled(String name) {
        Path target = cacheDirectory.resolve("bundled").resolve(name);
        if (Files.isRegularFile(target)) {
            return target;
        }
        try (InputStream in = JarResolver.class.getClassLoader().getResourceAsStream(BUNDLED_PREFIX + name)) {
            if (in == null) {
                return null;
            }
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), name, ".part");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new JarResolveException("cannot extract bundled jar " + BUNDLED_PREFIX + name + " into " + target + ": " + e, true, e);
        }
    }

    private Path downloaded(String jarUri, URI uri) {
        Path target = cacheDirectory.resolve("downloads").resolve(cacheName(uri));
        if (Files.isRegularFile(target)) {
            return target;
        }
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new JarResolveException("jarURI " + jarUri + ": cannot create " + target.getParent() + ": " + e, true, e);
        }
        download.fetch(jarUri, uri, target);
        return target;
    }

    /** {@code <first 16 hex of sha256(uri)>-<last path segment>.jar}: one file per URI, recognisable by name. */
    static String cacheName(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        String last = path.substring(path.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        if (last.isEmpty()) {
            last = "download";
        }
        if (!last.endsWith(".jar")) {
            last = last + ".jar";
        }
        return sha256Hex(uri.toString()).substring(0, 16) + "-" + last;
    }

    private static Path existingFile(String jarUri, Path path) {
        if (!Files.isRegularFile(path)) {
            throw new JarResolveException("jarURI " + jarUri + ": no such file " + path, false);
        }
        return path;
    }

    private static URI parse(String jarUri) {
        if (jarUri == null || jarUri.isBlank()) {
            throw new JarResolveException("jarURI is empty", false);
        }
        try {
            return new URI(jarUri.strip());
        } catch (URISyntaxException e) {
            throw new JarResolveException("jarURI " + jarUri + ": not a valid URI: " + e.getMessage(), false, e);
        }
    }

    private static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
