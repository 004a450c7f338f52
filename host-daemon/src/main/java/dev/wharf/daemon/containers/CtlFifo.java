package dev.wharf.daemon.containers;

import dev.wharf.daemon.linux.Fifo;
import java.nio.file.Path;

/** conmon's ctl fifo: {@code "1 H W\n"} resizes the container's pty. */
final class CtlFifo {
    private CtlFifo() {
    }

    /** False when conmon is not reading (gone). */
    static boolean resize(Path fifo, int height, int width) {
        return Fifo.write(fifo, "1 " + height + " " + width + "\n");
    }
}
