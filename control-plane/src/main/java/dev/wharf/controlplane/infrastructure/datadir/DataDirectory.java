package dev.wharf.controlplane.infrastructure.datadir;

import java.nio.file.Path;

/**
 * The directory holding the control plane's database and first-start secrets: the system property
 * {@code wharf.data.dir}, else {@code ${user.home}/.wharf}.
 */
public final class DataDirectory {

    public static final String PROPERTY = "wharf.data.dir";

    private DataDirectory() {
    }

    public static Path path() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".wharf").toAbsolutePath();
    }
}
