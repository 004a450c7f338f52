package dev.wharf.daemon.content;

import dev.wharf.daemon.linux.FileTrees;
import dev.wharf.model.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Content-addressed blobs under {@code <data-root>/content}: {@code blobs/sha256/<hex>} holds only verified
 * bytes, written to a temp file and renamed into place; {@code ingest/<hex>.partial} keeps an interrupted
 * download so that the next attempt resumes it with {@code Range}.
 */
public final class ContentStore {
    private final Path blobs;
    private final Path ingest;
    private final ConcurrentHashMap<String, CompletableFuture<Object>> inFlight = new ConcurrentHashMap<>();

    public ContentStore(Path root) throws IOException {
        this.blobs = root.resolve("blobs").resolve("sha256");
        this.ingest = root.resolve("ingest");
        Files.createDirectories(blobs);
        Files.createDirectories(ingest);
        // whole-file temps of a crashed daemon are garbage; partial downloads are kept for resume
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(ingest, "*.tmp")) {
            for (Path p : ds) {
                FileTrees.delete(p); // `docker load` unpacks into <uuid>.tmp directories
            }
        }
    }

    public Path path(Digest d) {
        return blobs.resolve(d.encoded());
    }

    public boolean has(Digest d) {
        return Digest.SHA256.equals(d.algorithm()) && Files.isRegularFile(path(d));
    }

    public Optional<Path> find(Digest d) {
        return has(d) ? Optional.of(path(d)) : Optional.empty();
    }

    public long size(Digest d) throws IOException {
        return Files.size(path(d));
    }

    public byte[] read(Digest d) throws IOException {
        return Files.readAllBytes(path(d));
    }

    public InputStream open(Digest d) throws IOException {
        return Files.newInputStream(path(d));
    }

    /** Stores small content (manifests, configs) and returns its digest. */
    public Digest put(byte[] bytes) throws IOException {
        Digest d = Digest.sha256(bytes);
        if (has(d)) {
            return d;
        }
        Path tmp = ingest.resolve(UUID.randomUUID() + ".tmp");
        Files.write(tmp, bytes);
        moveInto(tmp, path(d));
        return d;
    }

    /** Stores {@code bytes} if they hash to {@code expected}, else throws without storing anything. */
    public void putVerified(Digest expected, byte[] bytes, String what) throws IOException {
        if (!expected.matches(bytes)) {
            throw new DigestMismatchException(expected, "digest mismatch: " + what + " should have digest " + expected
                    + " but its content hashes to " + Digest.sha256(bytes));
        }
        put(bytes);
    }

    /**
     * Streams {@code in} into the store, computing its sha256; returns the digest. Used for content whose
     * digest is not known in advance (a committed layer, a compressed layer made for a push).
     */
    public Digest putStream(InputStream in) throws IOException {
        Path tmp = ingest.resolve(UUID.randomUUID() + ".tmp");
        VerifyingInputStream v = new VerifyingInputStream(in, null, -1, "content");
        try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            v.transferTo(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Digest d = v.digest();
        if (has(d)) {
            Files.deleteIfExists(tmp);
        } else {
            moveInto(tmp, path(d));
        }
        return d;
    }

    /** A fresh temp file in the ingest area, for content whose digest is known only once written. */
    public Path newTemp() {
        return ingest.resolve(UUID.randomUUID() + ".tmp");
    }

    /** Moves a temp file whose content hashes to {@code d} into place (or drops it if {@code d} is stored). */
    public void adopt(Path temp, Digest d) throws IOException {
        if (has(d)) {
            Files.deleteIfExists(temp);
        } else {
            moveInto(temp, path(d));
        }
    }

    /** Where an interrupted download of {@code d} is kept. */
    public Path partial(Digest d) {
        return ingest.resolve(d.encoded() + ".partial");
    }

    /** Moves a completed and verified partial download into place. */
    public void commitPartial(Digest d) throws IOException {
        moveInto(partial(d), path(d));
    }

    public void discardPartial(Digest d) throws IOException {
        Files.deleteIfExists(partial(d));
    }

    public void delete(Digest d) throws IOException {
        Files.deleteIfExists(path(d));
    }

    /**
     * Runs {@code work} once for concurrent callers with the same key: the first caller runs it, the others wait
     * for and share its result (or its failure). Two pulls of one blob thus download it once.
     */
    @SuppressWarnings("unchecked")
    public <T> T singleFlight(String key, Callable<T> work) throws IOException {
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            try {
                return (T) running.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + key, e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof IOException io) {
                    throw io;
                }
                if (c instanceof RuntimeException re) {
                    throw re;
                }
                throw new IOException(c.getMessage(), c);
            }
        }
        try {
            T result = work.call();
            mine.complete(result);
            return result;
        } catch (IOException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } catch (Exception e) {
            mine.completeExceptionally(e);
            throw new IOException(e.getMessage(), e);
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private static void moveInto(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
