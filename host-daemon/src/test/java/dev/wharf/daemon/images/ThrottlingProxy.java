package dev.wharf.daemon.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on a loopback port that slows the upstream-to-client direction down to a byte rate, so a test can
 * act (kill the registry) while a blob is in flight. When the upstream breaks, the client connection is closed.
 */
final class ThrottlingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int upstreamPort;
    private final long bytesPerSecond;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    ThrottlingProxy(int upstreamPort, long bytesPerSecond) throws IOException {
        this.upstreamPort = upstreamPort;
        this.bytesPerSecond = bytesPerSecond;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "throttling-proxy");
        t.setDaemon(true);
        t.start();
    }

    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                Thread t = new Thread(() -> serve(client), "throttling-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; Socket upstream = new Socket()) {
            upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), 2000);
            sockets.add(upstream);
            Thread up = new Thread(() -> pump(client, upstream, Long.MAX_VALUE), "proxy-up");
            up.setDaemon(true);
            up.start();
            pump(upstream, client, bytesPerSecond);
        } catch (IOException e) {
            // upstream gone: the client sees its connection close
        }
    }

    private static void pump(Socket from, Socket to, long rate) {
        byte[] buf = new byte[16 * 1024];
        long start = System.nanoTime();
        long sent = 0;
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
                sent += n;
                if (rate != Long.MAX_VALUE) {
                    long due = start + sent * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            // one side closed
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
