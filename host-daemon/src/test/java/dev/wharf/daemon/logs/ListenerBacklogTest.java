package dev.wharf.daemon.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sock_diag on the real kernel: a connection counts as pending until the listener accepts it. */
class ListenerBacklogTest {
    @TempDir
    Path tmp;

    @Test
    void countsConnectionsUntilTheyAreAccepted() throws Exception {
        Path path = tmp.resolve("attach");
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(path), 8);
            assertEquals(0, ListenerBacklog.pending(path));
            try (SocketChannel a = SocketChannel.open(UnixDomainSocketAddress.of(path));
                 SocketChannel b = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                assertEquals(2, ListenerBacklog.pending(path));
                try (SocketChannel accepted = listener.accept()) {
                    assertEquals(1, ListenerBacklog.pending(path));
                }
            }
        }
    }

    @Test
    void aFileNoListenerIsBoundToIsNotFound() throws Exception {
        Path plain = java.nio.file.Files.createFile(tmp.resolve("plain"));
        assertEquals(-1, ListenerBacklog.pending(plain));
    }
}
