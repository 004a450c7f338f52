package dev.wharf.daemon.layers;

import dev.wharf.daemon.linux.FileTrees;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.model.image.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Unpacked layers under {@code <data-root>/layers/<chainid-hex>/}: {@code diff/} (the layer in overlay form, an
 * overlay lowerdir) and {@code layer.json}. A layer is built in {@code .tmp/} and renamed into place only when
 * complete, so a failed or interrupted unpack never leaves a half layer where a mount could pick it up.
 */
public final class LayerStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path root;
    private final Path tmp;

    public LayerStore(Path root) throws IOException {
        this.root = root;
        this.tmp = root.resolve(".tmp");
        Files.createDirectories(tmp);
        try (Stream<Path> s = Files.list(tmp)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                FileTrees.delete(p);
            }
        }
    }

    public Path root() {
        return root;
    }

    public Path dir(Digest chainId) {
        return root.resolve(chainId.encoded());
    }

    /** The layer's unpacked contents, an overlay lowerdir. */
    public Path diffDir(Digest chainId) {
        return dir(chainId).resolve("diff");
    }

    public boolean has(Digest chainId) {
        return Files.isRegularFile(dir(chainId).resolve("layer.json"));
    }

    public Optional<LayerInfo> info(Digest chainId) {
        Path f = dir(chainId).resolve("layer.json");
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(f.toFile(), LayerInfo.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    /** Every layer in the store. */
    public List<LayerInfo> list() throws IOException {
        List<LayerInfo> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = p.getFileName().toString();
                if (n.length() == 64 && n.matches("[0-9a-f]{64}")) {
                    info(Digest.sha256Hex(n)).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    /** A private directory to unpack a new layer into; {@link Staging#diffDir()} exists and is empty. */
    public Staging stage() throws IOException {
        Path d = tmp.resolve(UUID.randomUUID().toString());
        Files.createDirectories(d.resolve("diff"));
        Files.setPosixFilePermissions(d.resolve("diff"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return new Staging(d);
    }

    /** A layer being built. {@link #commit} moves it into the store; {@link #close} drops it if not committed. */
    public final class Staging implements AutoCloseable {
        private final Path dir;
        private boolean committed;

        private Staging(Path dir) {
            this.dir = dir;
        }

        public Path diffDir() {
            return dir.resolve("diff");
        }

        /** Moves the layer into place; if an equal layer got there first, keeps that one. */
        public LayerInfo commit(LayerInfo info) throws IOException {
            JSON.writeValue(dir.resolve("layer.json").toFile(), info);
            Path target = dir(info.chainId());
            try {
                Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
                committed = true;
                return info;
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
                if (has(info.chainId())) {
                    return info(info.chainId()).orElse(info);
                }
                // a leftover without layer.json: replace it
                remove(info.chainId());
                Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
                committed = true;
                return info;
            }
        }

        @Override
        public void close() throws IOException {
            if (!committed) {
                FileTrees.delete(dir);
            }
        }
    }

    /** Removes a layer: renamed out of the store first, so no one sees it half deleted. */
    public void remove(Digest chainId) throws IOException {
        Path d = dir(chainId);
        if (!Files.exists(d)) {
            return;
        }
        Path doomed = tmp.resolve("rm-" + UUID.randomUUID());
        Files.move(d, doomed, StandardCopyOption.ATOMIC_MOVE);
        FileTrees.delete(doomed);
    }
}
