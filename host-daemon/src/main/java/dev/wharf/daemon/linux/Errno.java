package dev.wharf.daemon.linux;

import com.sun.jna.LastErrorException;

/** errno values the daemon reacts to, and a readable message for the rest. */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int EEXIST = 17;
    public static final int EBUSY = 16;
    public static final int EINVAL = 22;
    public static final int ENODATA = 61;
    public static final int EADDRINUSE = 98;
    public static final int ESRCH = 3;

    private Errno() {
    }

    /** "operation: strerror (errno N)". */
    public static String describe(String operation, LastErrorException e) {
        int n = e.getErrorCode();
        return operation + ": " + LibC.INSTANCE.strerror(n) + " (errno " + n + ")";
    }
}
