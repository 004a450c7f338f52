package dev.wharf.daemon.api;

/** How the daemon names itself in headers and in {@code /version}. */
public final class DaemonIdentity {
    public static final String VERSION = versionFromManifest();
    public static final String SERVER = "Wharf/" + VERSION + " (linux)";

    private DaemonIdentity() {
    }

    private static String versionFromManifest() {
        String v = DaemonIdentity.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }
}
