package dev.wharf.daemon.network;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Kernel object names. The production daemon (exec-root {@code /run/wharf}) uses bridge {@code wharf0} and nft
 * table {@code wharf}; a daemon on any other exec-root (tests, a second daemon on one host) gets names with a
 * short hash of its exec-root, so two daemons never share a bridge or a table.
 */
final class NetworkNames {
    static final Path DEFAULT_EXEC_ROOT = Path.of("/run/wharf");

    private NetworkNames() {
    }

    static String defaultBridge(Path execRoot) {
        return execRoot.equals(DEFAULT_EXEC_ROOT) ? "wharf0" : "wharf" + hash(execRoot);
    }

    static String table(Path execRoot) {
        return execRoot.equals(DEFAULT_EXEC_ROOT) ? "wharf" : "wharf-" + hash(execRoot);
    }

    /** User-network bridges: {@code wh-} + 12 hex of the network id (15 characters, the kernel's limit). */
    static String userBridge(String networkId) {
        return "wh-" + networkId.substring(0, 12);
    }

    /** Host end of a container's veth: {@code wv} + 10 hex of the container id + the interface number. */
    static String hostVeth(String containerId, int ifIndex) {
        return "wv" + containerId.substring(0, 10) + Integer.toString(ifIndex, 36);
    }

    private static String hash(Path p) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(p.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
