package dev.wharf.daemon.snapshots;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Short names for layer directories, as moby's overlay2 keeps in {@code l/}: {@code l/<26 chars>} is a symlink
 * to a layer dir. The overlay mount names lowers relative to the snapshot root ({@code l/ABC...:l/DEF...}), so
 * 128 layers take 128 × 29 bytes and the option string stays within one page (4096 bytes) whatever the layer
 * paths are. A link's name is derived from the layer path, so it needs no bookkeeping and is stable across
 * restarts.
 */
final class ShortLinks {
    /** 26 base32 chars = 130 bits of the path's SHA-256, as moby's idLength. */
    static final int NAME_LENGTH = 26;
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private final Path dir;

    ShortLinks(Path dir) {
        this.dir = dir;
    }

    /** {@code l/NAME}, relative to the snapshot root; creates the link when missing. */
    String linkFor(Path layerDir) throws IOException {
        Path target = layerDir.toAbsolutePath().normalize();
        String name = nameFor(target);
        Path link = dir.resolve(name);
        if (!Files.isSymbolicLink(link)) {
            Files.createDirectories(dir);
            try {
                Files.createSymbolicLink(link, target);
            } catch (FileAlreadyExistsException raced) {
                // another mount made it at the same moment: same name, same target
            }
        }
        return dir.getFileName() + "/" + name;
    }

    /** Removes links whose layer dir is gone (the image was removed). */
    void pruneDangling() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> links = Files.newDirectoryStream(dir)) {
            for (Path l : links) {
                if (Files.isSymbolicLink(l) && !Files.exists(l)) {
                    Files.deleteIfExists(l);
                }
            }
        }
    }

    static String nameFor(Path target) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(target.toString().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder out = new StringBuilder(NAME_LENGTH);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; out.length() < NAME_LENGTH; i++) {
            buffer = (buffer << 8) | (hash[i] & 0xff);
            bits += 8;
            while (bits >= 5 && out.length() < NAME_LENGTH) {
                out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return out.toString();
    }
}
