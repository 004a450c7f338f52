package dev.wharf.daemon.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Cuts a byte stream into log lines, holding back an incomplete last line until its newline arrives. */
final class LineSplitter {
    interface LineSink {
        /** Returns false to stop. */
        boolean line(byte[] buf, int off, int len) throws IOException;
    }

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /** Feeds bytes; returns false when the sink asked to stop. */
    boolean feed(byte[] b, int off, int len, LineSink sink) throws IOException {
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (b[i] != '\n') {
                continue;
            }
            boolean go;
            if (pending.size() > 0) {
                pending.write(b, start, i - start);
                byte[] whole = pending.toByteArray();
                pending.reset();
                go = sink.line(whole, 0, whole.length);
            } else {
                go = sink.line(b, start, i - start);
            }
            start = i + 1;
            if (!go) {
                return false;
            }
        }
        pending.write(b, start, off + len - start);
        return true;
    }

    int pendingSize() {
        return pending.size();
    }

    void reset() {
        pending.reset();
    }
}
