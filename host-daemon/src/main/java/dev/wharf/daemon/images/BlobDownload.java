package dev.wharf.daemon.images;

import dev.wharf.daemon.registry.RegistrySession;
import dev.wharf.model.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A blob as one stream: first the bytes an earlier attempt left in the partial file, then the rest from the
 * registry with {@code Range}, appended to the partial file as it arrives. A broken connection is resumed from
 * where it broke (a few times, with a short backoff) without the reader noticing; when the registry stays away,
 * the read fails with {@link TransferFailed} and the partial file stays for the next pull.
 */
final class BlobDownload extends InputStream {
    private static final int ATTEMPTS = 3;

    /** The registry could not deliver the blob; what arrived is kept for a resume. */
    static final class TransferFailed extends IOException {
        TransferFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final RegistrySession session;
    private final Digest digest;
    private final long size;
    private final FileChannel partial;
    private InputStream local;
    private InputStream remote;
    private long position;
    private final long resumedFrom;
    private boolean usedRange;
    private volatile boolean closed;

    BlobDownload(RegistrySession session, Digest digest, long size, Path partialFile) throws IOException {
        this.session = session;
        this.digest = digest;
        this.size = size;
        long have = Files.exists(partialFile) ? Files.size(partialFile) : 0;
        if (have > size) {
            Files.delete(partialFile);
            have = 0;
        }
        this.partial = FileChannel.open(partialFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        partial.position(have);
        this.resumedFrom = have;
        this.local = have > 0 ? Files.newInputStream(partialFile) : null;
        this.localLeft = have;
    }

    private long localLeft;

    /** Bytes taken from an earlier attempt's partial file. */
    long resumedFrom() {
        return resumedFrom;
    }

    @Override
    public int read() throws IOException {
        byte[] b = new byte[1];
        int n = read(b, 0, 1);
        return n < 0 ? -1 : b[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("download of " + digest + " cancelled");
        }
        if (len == 0) {
            return 0;
        }
        if (local != null) {
            int n = local.read(b, off, (int) Math.min(len, localLeft));
            if (n > 0) {
                localLeft -= n;
                position += n;
                return n;
            }
            local.close();
            local = null;
        }
        if (position >= size) {
            return -1;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                if (remote == null) {
                    open();
                }
                int n = remote.read(b, off, len);
                if (n < 0) {
                    throw new IOException("the connection closed after " + position + " of " + size + " bytes");
                }
                ByteBuffer buf = ByteBuffer.wrap(b, off, n);
                while (buf.hasRemaining()) {
                    partial.write(buf);
                }
                position += n;
                return n;
            } catch (IOException e) {
                closeRemote();
                if (closed) {
                    throw new IOException("download of " + digest + " cancelled");
                }
                if (attempt >= ATTEMPTS) {
                    throw new TransferFailed("download of " + digest + " failed after " + position + " of " + size
                            + " bytes: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
                }
                sleep(250L * attempt);
            }
        }
    }

    private void open() throws IOException {
        if (position > 0) {
            usedRange = true;
        }
        RegistrySession.Blob blob = session.blob(digest, position);
        InputStream body = blob.body();
        if (position > 0 && !blob.partial()) {
            // the registry ignored Range: skip what we have
            long skip = position;
            while (skip > 0) {
                long s = body.skip(skip);
                if (s <= 0) {
                    if (body.read() < 0) {
                        throw new IOException("the blob ended before the resume point");
                    }
                    s = 1;
                }
                skip -= s;
            }
        }
        remote = body;
    }

    private void closeRemote() {
        if (remote != null) {
            try {
                remote.close();
            } catch (IOException ignored) {
                // already broken
            }
            remote = null;
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        closeRemote();
        if (local != null) {
            local.close();
        }
        partial.close();
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
