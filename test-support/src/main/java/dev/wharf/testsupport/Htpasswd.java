package dev.wharf.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs apache2-utils' {@code htpasswd -Bbn}: distribution's htpasswd auth accepts only bcrypt. */
final class Htpasswd {

    private Htpasswd() {
    }

    static String bcryptLine(String username, String password) {
        try {
            Process p = new ProcessBuilder("htpasswd", "-Bbn", username, password)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.startsWith(username + ":$2")) {
                throw new IllegalStateException("htpasswd -Bbn failed for user " + username + ": " + out);
            }
            return out + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot run htpasswd (is apache2-utils installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running htpasswd", e);
        }
    }
}
