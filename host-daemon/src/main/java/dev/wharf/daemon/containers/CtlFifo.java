package dev.wharf.daemon.containers;

import com.sun.jna.LastErrorException;
import dev.wharf.daemon.linux.LibC;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** conmon's ctl fifo: {@code "1 H W\n"} resizes the container's pty. */
final class CtlFifo {
    private CtlFifo() {
    }

    static boolean resize(Path fifo, int height, int width) {
        return write(fifo, "1 " + height + " " + width + "\n");
    }

    /** Writes without blocking; false when conmon is not reading (gone). */
    static boolean write(Path fifo, String line) {
        int fd;
        try {
            fd = LibC.INSTANCE.open(fifo.toString(), LibC.O_WRONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0);
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
