package dev.wharf.testsupport;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Kills, at JVM exit, any process we started that a test forgot to close (a crashed test must not leak it). */
final class Reaper {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(p -> {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }), "wharf-test-support-reaper"));
    }

    private Reaper() {
    }

    static void track(Process process) {
        LIVE.removeIf(p -> !p.isAlive());
        LIVE.add(process);
    }
}
