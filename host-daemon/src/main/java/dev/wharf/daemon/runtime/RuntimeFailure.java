package dev.wharf.daemon.runtime;

import java.io.IOException;

/** The OCI runtime or conmon refused an operation; the message is the runtime's own, cleaned of log framing. */
public final class RuntimeFailure extends IOException {
    public RuntimeFailure(String message) {
        super(message);
    }

    /** Extracts {@code msg="..."} from runc's logrus lines, else returns the trimmed text. */
    public static String clean(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String line : raw.split("\n")) {
            int i = line.indexOf("msg=\"");
            String text = line;
            if (i >= 0) {
                int end = line.lastIndexOf('"');
                text = end > i + 5 ? line.substring(i + 5, end) : line.substring(i + 5);
                text = text.replace("\\\"", "\"").replace("\\\\", "\\");
            }
            text = text.trim();
            if (!text.isEmpty()) {
                if (out.length() > 0) {
                    out.append("; ");
                }
                out.append(text);
            }
        }
        return out.toString();
    }
}
