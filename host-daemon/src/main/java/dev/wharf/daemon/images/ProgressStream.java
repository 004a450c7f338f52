package dev.wharf.daemon.images;

import dev.wharf.daemon.api.ApiExchange;
import dev.wharf.daemon.api.DockerJson;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Docker's JSON message stream ({@code {"status","id","progressDetail"}} objects, CRLF-separated) as a
 * {@link ProgressListener}. The HTTP response starts only with the first message that is more than a preamble,
 * so that early failures (no such image, bad credentials) still get a proper error status; a failure after
 * that is sent as {@code errorDetail}, as dockerd does.
 */
final class ProgressStream implements ProgressListener {
    private final ApiExchange ex;
    private final List<Progress> held = new ArrayList<>();
    private OutputStream out;
    private boolean broken;

    ProgressStream(ApiExchange ex) {
        this.ex = ex;
    }

    /** True once the 200 and a first message went out. */
    synchronized boolean started() {
        return out != null;
    }

    @Override
    public synchronized void progress(Progress p) {
        if (out == null && p.status() != null && p.status().startsWith("Pulling from ")) {
            held.add(p);
            return;
        }
        start();
        held.forEach(this::write);
        held.clear();
        write(p);
    }

    /** Sends an {@code {"stream": text}} message (load). */
    synchronized void text(String text) {
        start();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stream", text);
        writeMap(m);
    }

    synchronized void aux(Map<String, Object> aux) {
        start();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("progressDetail", Map.of());
        m.put("aux", aux);
        writeMap(m);
    }

    /** Ends the stream with an error message; only valid after {@link #started()}. */
    synchronized void error(String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errorDetail", Map.of("message", message));
        m.put("error", message);
        writeMap(m);
    }

    /** Flushes held preamble messages (a pull that had nothing else to say). */
    synchronized void finish() {
        if (!held.isEmpty()) {
            start();
            held.forEach(this::write);
            held.clear();
        }
        if (out == null) {
            start();
        }
    }

    private void start() {
        if (out == null) {
            out = ex.stream(200, "application/json");
        }
    }

    private void write(Progress p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", p.status());
        if (p.current() >= 0) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("current", p.current());
            if (p.total() >= 0) {
                d.put("total", p.total());
            }
            m.put("progressDetail", d);
        } else {
            m.put("progressDetail", Map.of());
        }
        if (p.id() != null) {
            m.put("id", p.id());
        }
        writeMap(m);
    }

    private void writeMap(Map<String, Object> m) {
        if (broken) {
            return;
        }
        try {
            byte[] json = DockerJson.MAPPER.writeValueAsBytes(m);
            byte[] line = java.util.Arrays.copyOf(json, json.length + 2);
            line[json.length] = '\r';
            line[json.length + 1] = '\n';
            out.write(line);
        } catch (IOException e) {
            broken = true; // the client went away; the work itself goes on
        }
    }
}
