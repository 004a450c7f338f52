package dev.wharf.daemon.layers;

import dev.wharf.daemon.content.ReadThroughInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sits under commons-compress's TarArchiveInputStream and keeps the raw bytes of each entry's PAX extended
 * header. commons-compress decodes PAX values as UTF-8, which mangles binary xattrs such as
 * {@code security.capability}; moby writes them as raw bytes ({@code SCHILY.xattr.*}). This follows the tar's
 * record structure (header, data padded to 512) only as far as needed to find those headers.
 */
final class RawPaxHeaders extends ReadThroughInputStream { // every byte, skipped ones too, passes the state machine
    private static final int RECORD = 512;
    private static final String XATTR_PREFIX = "SCHILY.xattr.";

    private final byte[] header = new byte[RECORD];
    private int headerFill;
    private long skipRemaining; // data + padding of the current entry
    private byte[] capture; // content of a pending 'x' header
    private int captureFill;
    private int extensionHeaders; // old GNU sparse extension records still to come
    private byte[] pending; // the last complete 'x' header, waiting for its entry
    private Map<String, byte[]> current = Map.of();

    RawPaxHeaders(InputStream in) {
        super(in);
    }

    /** The {@code SCHILY.xattr.*} records of the entry whose header was read last, name → raw value bytes. */
    Map<String, byte[]> xattrs() {
        return current;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            consume(b, off, n);
        }
        return n;
    }


    private void consume(byte[] b, int off, int n) throws IOException {
        int end = off + n;
        while (off < end) {
            if (skipRemaining > 0) {
                int k = (int) Math.min(skipRemaining, end - off);
                if (capture != null && captureFill < capture.length) {
                    int c = Math.min(k, capture.length - captureFill);
                    System.arraycopy(b, off, capture, captureFill, c);
                    captureFill += c;
                }
                off += k;
                skipRemaining -= k;
                if (skipRemaining == 0 && capture != null) {
                    pending = capture;
                    capture = null;
                }
                continue;
            }
            int k = Math.min(RECORD - headerFill, end - off);
            System.arraycopy(b, off, header, headerFill, k);
            headerFill += k;
            off += k;
            if (headerFill == RECORD) {
                headerFill = 0;
                onRecord();
            }
        }
    }

    private void onRecord() throws IOException {
        if (extensionHeaders > 0) { // GNU sparse map continuation: no data of its own
            extensionHeaders = header[504] != 0 ? 1 : 0;
            return;
        }
        if (isZero(header)) {
            return; // end-of-archive records
        }
        byte type = header[156];
        long size = size(header);
        switch (type) {
            case 'x' -> {
                if (size > (1 << 24)) {
                    throw new LayerFormatException("invalid layer: PAX header of " + size + " bytes");
                }
                capture = new byte[(int) size];
                captureFill = 0;
                if (size == 0) {
                    pending = capture;
                    capture = null;
                }
            }
            case 'g', 'L', 'K' -> {
                // global header / GNU long names: metadata, not an entry
            }
            default -> {
                current = pending == null ? Map.of() : xattrsOf(pending);
                if (pending != null) {
                    String paxSize = paxValue(pending, "size");
                    if (paxSize != null) {
                        size = Long.parseLong(paxSize.trim());
                    }
                }
                pending = null;
                if (type == 'S' && header[482] != 0) {
                    extensionHeaders = 1;
                }
            }
        }
        skipRemaining = (size + RECORD - 1) / RECORD * RECORD;
    }

    private static boolean isZero(byte[] r) {
        for (byte x : r) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** The ustar size field: octal text, or base-256 when the high bit of its first byte is set. */
    private static long size(byte[] h) {
        long v = 0;
        if ((h[124] & 0x80) != 0) {
            for (int i = 125; i < 136; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return v;
        }
        for (int i = 124; i < 136; i++) {
            byte c = h[i];
            if (c >= '0' && c <= '7') {
                v = v * 8 + (c - '0');
            } else if (c == 0 || (c == ' ' && v > 0)) {
                break;
            }
        }
        return v;
    }

    /** Parses {@code "<len> <key>=<value>\n"} records; values stay bytes. */
    static Map<String, byte[]> records(byte[] pax) throws LayerFormatException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        int pos = 0;
        while (pos < pax.length) {
            int sp = pos;
            int len = 0;
            while (sp < pax.length && pax[sp] >= '0' && pax[sp] <= '9') {
                len = len * 10 + (pax[sp] - '0');
                sp++;
            }
            if (sp >= pax.length || pax[sp] != ' ' || len <= sp - pos + 1 || pos + len > pax.length
                    || pax[pos + len - 1] != '\n') {
                if (sp == pos && pax[pos] == 0) {
                    break; // NUL padding some writers leave
                }
                throw new LayerFormatException("invalid layer: malformed PAX extended header");
            }
            int eq = sp + 1;
            while (eq < pos + len && pax[eq] != '=') {
                eq++;
            }
            if (eq >= pos + len - 1) {
                throw new LayerFormatException("invalid layer: malformed PAX extended header");
            }
            String key = new String(pax, sp + 1, eq - sp - 1, StandardCharsets.UTF_8);
            byte[] value = java.util.Arrays.copyOfRange(pax, eq + 1, pos + len - 1);
            out.put(key, value);
            pos += len;
        }
        return out;
    }

    private static Map<String, byte[]> xattrsOf(byte[] pax) throws LayerFormatException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> r : records(pax).entrySet()) {
            if (r.getKey().startsWith(XATTR_PREFIX)) {
                out.put(r.getKey().substring(XATTR_PREFIX.length()), r.getValue());
            }
        }
        return out;
    }

    private static String paxValue(byte[] pax, String key) throws LayerFormatException {
        byte[] v = records(pax).get(key);
        return v == null ? null : new String(v, StandardCharsets.US_ASCII);
    }
}
