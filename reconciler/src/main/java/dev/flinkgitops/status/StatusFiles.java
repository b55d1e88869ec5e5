package dev.flinkgitops.status;

import dev.flinkgitops.appspec.AppId;

import java.util.Map;
import java.util.TreeMap;

/**
 * The app files among a status branch's files: {@code <namespace>/<name>.yaml} whose {@code app}
 * field names that same app. Other files (notes another writer keeps there) are not apps.
 */
public final class StatusFiles {

    private StatusFiles() {}

    /** Decodes the app files; unreadable ones are left out and reported to {@code skipped}. */
    public static Map<AppId, AppStatus> decode(Map<String, byte[]> files, StatusCodec codec,
            java.util.function.BiConsumer<String, String> skipped) {
        Map<AppId, AppStatus> statuses = new TreeMap<>();
        files.forEach((path, content) -> {
            AppId id = idOf(path);
            if (id == null) {
                return;
            }
            try {
                AppStatus status = codec.read(content);
                if (id.toString().equals(status.app())) {
                    statuses.put(id, status);
                }
            } catch (RuntimeException e) {
                skipped.accept(path, e.getMessage());
            }
        });
        return statuses;
    }

    /** {@code <namespace>/<name>.yaml} to its app id, or null for any other file. */
    public static AppId idOf(String path) {
        String[] parts = path.split("/");
        if (parts.length != 2 || !parts[1].endsWith(".yaml")) {
            return null;
        }
        return new AppId(parts[0], parts[1].substring(0, parts[1].length() - ".yaml".length()));
    }

    /** The file each recorded app runs from: the owner of its identity (see {@code validate.IdentityCheck}). */
    public static Map<AppId, String> specFiles(Map<AppId, AppStatus> statuses) {
        Map<AppId, String> files = new TreeMap<>();
        statuses.forEach((id, status) -> {
            if (status.specFile() != null) {
                files.put(id, status.specFile());
            }
        });
        return files;
    }
}
