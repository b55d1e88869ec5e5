package dev.flinkgitops.git;

import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

import java.net.URISyntaxException;

/**
 * A remote URL split into what the mirror's git config may hold and the credentials its user info
 * carried: {@code https://user:token@host/specs.git} is stored as {@code https://host/specs.git}
 * and the user and token become a credentials provider. An SSH URL keeps its user name (the login,
 * not a secret) and loses only a password.
 *
 * @param stored the URL for the mirror's config: no user info, except an SSH login name
 * @param credentials what the user info carried, or null when there was none to move
 */
record RemoteUrl(String stored, CredentialsProvider credentials) {

    static RemoteUrl of(String url) {
        URIish uri;
        try {
            uri = new URIish(url);
        } catch (URISyntaxException e) {
            return new RemoteUrl(url, null);
        }
        boolean ssh = uri.getScheme() == null || uri.getScheme().toLowerCase(java.util.Locale.ROOT).contains("ssh");
        if (uri.getPass() == null && (ssh || uri.getUser() == null)) {
            return new RemoteUrl(url, null);
        }
        URIish bare = uri.setPass(null);
        if (!ssh) {
            bare = bare.setUser(null);
        }
        String user = uri.getUser() == null ? "" : uri.getUser();
        String pass = uri.getPass() == null ? "" : uri.getPass();
        return new RemoteUrl(bare.toString(), new UsernamePasswordCredentialsProvider(user, pass));
    }
}
