package dev.wharf.daemon.testing;

import java.util.concurrent.ThreadLocalRandom;

/** A short id unique to this test run, to prefix every kernel object a test creates. */
public final class RunId {
    private static final String ID = Long.toString(ProcessHandle.current().pid(), 36)
            + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36), 36);

    private RunId() {
    }

    public static String get() {
        return ID;
    }
}
