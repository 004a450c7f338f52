package dev.wharf.daemon.logs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * One line of conmon's k8s-file log: {@code <RFC 3339 time with offset> <stdout|stderr> <F|P> <bytes>}.
 * {@code P} marks a chunk that had no newline (conmon added one in the file); {@code F} a complete line.
 *
 * @param content the bytes without the newline conmon added
 */
public record LogEntry(Instant time, Stream stream, boolean partial, byte[] content) {

    public enum Stream { STDOUT, STDERR }

    /** Parses one line (without its trailing newline); null for a line that is not in the format. */
    public static LogEntry parse(byte[] line, int off, int len) {
        int s1 = indexOf(line, off, off + len, (byte) ' ');
        if (s1 < 0) {
            return null;
        }
        int s2 = indexOf(line, s1 + 1, off + len, (byte) ' ');
        if (s2 < 0) {
            return null;
        }
        int s3 = s2 + 2;
        if (s3 > off + len || (s3 < off + len && line[s3] != ' ')) {
            return null;
        }
        Instant time;
        try {
            time = OffsetDateTime.parse(new String(line, off, s1 - off, StandardCharsets.US_ASCII)).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
        String stream = new String(line, s1 + 1, s2 - s1 - 1, StandardCharsets.US_ASCII);
        Stream st;
        if (stream.equals("stdout")) {
            st = Stream.STDOUT;
        } else if (stream.equals("stderr")) {
            st = Stream.STDERR;
        } else {
            return null;
        }
        boolean partial = line[s2 + 1] == 'P';
        byte[] content = s3 >= off + len ? new byte[0] : Arrays.copyOfRange(line, s3 + 1, off + len);
        return new LogEntry(time, st, partial, content);
    }

    /** The bytes the container wrote: the content, plus the newline unless partial. */
    public byte[] payload() {
        if (partial) {
            return content;
        }
        byte[] out = Arrays.copyOf(content, content.length + 1);
        out[content.length] = '\n';
        return out;
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
