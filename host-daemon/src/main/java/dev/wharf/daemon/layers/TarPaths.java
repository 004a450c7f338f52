package dev.wharf.daemon.layers;

import java.util.ArrayList;
import java.util.List;

/**
 * Validation of tar entry names against the layer root. Stricter than a path clean: an absolute name or any
 * {@code ..} component is refused outright, since no well-formed layer has one and every tar escape starts there.
 */
public final class TarPaths {
    private TarPaths() {
    }

    /**
     * The entry name as components relative to the layer root; empty for the root itself.
     *
     * @throws LayerFormatException for an absolute name, a {@code ..} component or a NUL byte
     */
    public static List<String> components(String name) throws LayerFormatException {
        if (name == null) {
            throw new LayerFormatException("invalid layer: a tar entry has no name");
        }
        if (name.indexOf('\0') >= 0) {
            throw new LayerFormatException("invalid layer: tar entry \"" + printable(name) + "\" contains a NUL byte");
        }
        if (name.startsWith("/")) {
            throw new LayerFormatException("invalid layer: tar entry \"" + printable(name)
                    + "\" is an absolute path, which would be written outside the layer");
        }
        List<String> out = new ArrayList<>();
        for (String c : name.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                throw new LayerFormatException("invalid layer: tar entry \"" + printable(name)
                        + "\" contains \"..\", which would be written outside the layer");
            }
            out.add(c);
        }
        return out;
    }

    /** Components joined with {@code /}. */
    public static String join(List<String> components, int count) {
        return String.join("/", components.subList(0, count));
    }

    static String printable(String s) {
        String t = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        return t.replaceAll("[\\p{Cntrl}]", "?");
    }
}
