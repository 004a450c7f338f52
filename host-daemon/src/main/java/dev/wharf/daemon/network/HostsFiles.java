package dev.wharf.daemon.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Keeps each container's /etc/hosts right: its own addresses, and on user-defined networks its peers' names
 * and aliases. The default bridge network gives no names, as in Docker.
 *
 * <p>A joining container's own file is written before it starts; its peers' files (one per container on the
 * network, so N writes per join) are rewritten by a background writer that coalesces bursts — a start does not
 * wait for N file writes. Files are only rewritten in place, never re-created, so a torn-down container's file
 * is not brought back.
 */
final class HostsFiles implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HostsFiles.class.getName());

    private final NetworkState st;
    private final Set<String> dirty = new LinkedHashSet<>();
    private final Thread writer;
    private boolean closed;
    private long generation;
    private long written;

    HostsFiles(NetworkState st) {
        this.st = st;
        this.writer = new Thread(this::loop, "wharf-hosts-files");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Called with the state locked: writes {@code self}'s file now and queues the files of every other
     * sandbox on these networks.
     */
    void refresh(Set<String> networkIds, String selfId) {
        for (Sandbox s : st.sandboxes.values()) {
            if (!writable(s)) {
                continue;
            }
            if (s.containerId().equals(selfId)) {
                write(s.hostsPath(), render(s), true);
            } else if (s.endpoints().stream().anyMatch(e -> networkIds.contains(e.networkId()))) {
                synchronized (this) {
                    dirty.add(s.containerId());
                    generation++;
                    notifyAll();
                }
            }
        }
    }

    /** Waits until every queued rewrite is on disk (tests; orderly shutdown). */
    synchronized void flush() throws InterruptedException {
        long target = generation;
        while (written < target && !closed) {
            wait(100);
        }
    }

    private void loop() {
        while (true) {
            List<String> batch;
            long gen;
            synchronized (this) {
                while (dirty.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                batch = new ArrayList<>(dirty);
                dirty.clear();
                gen = generation;
            }
            Map<String, String> contents = new LinkedHashMap<>();
            synchronized (st) {
                for (String id : batch) {
                    Sandbox s = st.sandboxes.get(id);
                    if (s != null && writable(s)) {
                        contents.put(s.hostsPath(), render(s));
                    }
                }
            }
            contents.forEach((path, text) -> write(path, text, false));
            synchronized (this) {
                written = Math.max(written, gen);
                notifyAll();
            }
        }
    }

    private static boolean writable(Sandbox s) {
        return !s.mode().equals("host") && !s.mode().startsWith("container:");
    }

    private static void write(String path, String text, boolean create) {
        try {
            if (create) {
                Files.writeString(Path.of(path), text, StandardCharsets.UTF_8);
            } else {
                Files.writeString(Path.of(path), text, StandardCharsets.UTF_8, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            }
        } catch (NoSuchFileException e) {
            // the container was torn down meanwhile
        } catch (IOException e) {
            LOG.warning("cannot write " + path + ": " + e.getMessage());
        }
    }

    String render(Sandbox s) {
        NetworkRequest w = st.wanted.get(s.containerId());
        List<String> extra = w == null ? List.of() : w.extraHosts();
        List<EtcFiles.HostEntry> own = new ArrayList<>();
        List<EtcFiles.HostEntry> peers = new ArrayList<>();
        for (Endpoint e : s.endpoints()) {
            NetworkRecord n = st.networks.get(e.networkId());
            boolean named = n != null && !n.defaultBridgeNetwork();
            own.add(new EtcFiles.HostEntry(e.ip(), named ? EtcFiles.names(s.hostname(), e.aliases(), s.containerId(), name(s))
                    : List.of(s.hostname())));
            if (!named) {
                continue;
            }
            for (Sandbox p : st.sandboxes.values()) {
                if (p.containerId().equals(s.containerId())) {
                    continue;
                }
                for (Endpoint pe : p.endpoints()) {
                    if (pe.networkId().equals(e.networkId())) {
                        peers.add(new EtcFiles.HostEntry(pe.ip(), EtcFiles.names(name(p), pe.aliases(), p.containerId(), null)));
                    }
                }
            }
        }
        return EtcFiles.hosts(own, peers, extra);
    }

    private static String name(Sandbox s) {
        return s.name() == null ? "" : s.name().startsWith("/") ? s.name().substring(1) : s.name();
    }

    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
