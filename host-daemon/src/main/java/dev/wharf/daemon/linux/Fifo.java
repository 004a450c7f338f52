package dev.wharf.daemon.linux;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Named pipes for talking to conmon. The JDK closes a child's stdout pipe as soon as that child exits, but conmon's
 * first process exits at once and its forked monitor writes later: a fifo opened by path has no such owner.
 */
public final class Fifo {
    private Fifo() {
    }

    /** mkfifo(3) with mode 0600. */
    public static Path create(Path p) throws IOException {
        try {
            LibC.INSTANCE.mknod(p.toString(), LibC.S_IFIFO | 0600, 0);
        } catch (LastErrorException e) {
            throw new IOException(Errno.describe("mkfifo " + p, e), e);
        }
        return p;
    }

    /**
     * Opens and closes the other side without blocking, so a thread stuck in open(2) on this fifo (because its peer
     * never came) returns. {@code mode} is the side to open: {@link LibC#O_WRONLY} releases a blocked reader.
     */
    public static void unblock(Path p, int mode) {
        try {
            int fd = LibC.INSTANCE.open(p.toString(), mode | LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0);
            LibC.INSTANCE.close(fd);
        } catch (LastErrorException ignored) {
            // no one waits on that side
        }
    }

    /**
     * Writes {@code line} (ASCII) without blocking, as conmon's ctl fifo wants; false when no one reads the fifo
     * (conmon is gone) or the write fails.
     */
    public static boolean write(Path p, String line) {
        int fd;
        try {
            fd = LibC.INSTANCE.open(p.toString(), LibC.O_WRONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            return false;
        }
        try {
            byte[] b = line.getBytes(StandardCharsets.US_ASCII);
            LibC.INSTANCE.write(fd, b, b.length);
            return true;
        } catch (LastErrorException e) {
            return false;
        } finally {
            LibC.INSTANCE.close(fd);
        }
    }
}
