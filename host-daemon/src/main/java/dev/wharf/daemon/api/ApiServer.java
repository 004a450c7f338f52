package dev.wharf.daemon.api;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Serves the Docker Engine API with Netty on unix sockets and TCP ports. Netty was chosen because it listens
 * on unix sockets (epoll transport) and lets a handler take over the raw connection, which attach and exec
 * need; handlers themselves are blocking code on a worker pool.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ApiServer.class.getName());

    private final Router router;
    private final EventLoopGroup boss = new EpollEventLoopGroup(1, threads("api-accept"));
    private final EventLoopGroup io = new EpollEventLoopGroup(2, threads("api-io"));
    private final ExecutorService workers = Executors.newCachedThreadPool(threads("api-worker"));
    private final List<Channel> listeners = new ArrayList<>();
    private final List<Path> sockets = new ArrayList<>();

    public ApiServer(Router router) {
        this.router = router;
    }

    public void listen(ListenAddress address) throws IOException {
        ServerBootstrap b = new ServerBootstrap().group(boss, io)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(HttpDispatcher.CODEC, new HttpServerCodec(8192, 65536, 65536));
                        ch.pipeline().addLast("api", new HttpDispatcher(router, workers));
                    }
                });
        try {
            if (address instanceof ListenAddress.Unix unix) {
                Path sock = unix.socket();
                Files.createDirectories(sock.getParent());
                removeStaleSocket(sock);
                b.channel(EpollServerDomainSocketChannel.class);
                listeners.add(b.bind(new DomainSocketAddress(sock.toFile())).sync().channel());
                Files.setPosixFilePermissions(sock, PosixFilePermissions.fromString("rw-rw----"));
                sockets.add(sock);
            } else if (address instanceof ListenAddress.Tcp tcp) {
                if (!tcp.address().getAddress().isLoopbackAddress()) {
                    // as dockerd warns: the Docker API is root on this host, and TCP here has no TLS or auth
                    LOG.warning("API listening on " + address + " WITHOUT authentication: anyone who reaches it is root on "
                            + "this host; prefer a unix socket or a loopback address");
                }
                b.channel(EpollServerSocketChannel.class);
                listeners.add(b.bind(tcp.address()).sync().channel());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding " + address, e);
        } catch (Exception e) {
            throw new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
        LOG.info("API listening on " + address);
    }

    /** Refuses to steal a socket another live daemon answers on; removes one left by a dead daemon. */
    private static void removeStaleSocket(Path sock) throws IOException {
        if (!Files.exists(sock)) {
            return;
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(sock));
            throw new IOException("another daemon is already listening on " + sock);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("another daemon")) {
                throw e;
            }
        }
        Files.deleteIfExists(sock);
    }

    @Override
    public void close() {
        // bounded waits: a stuck client (e.g. an attach that never reads) must not hold up SIGTERM
        for (Channel ch : listeners) {
            ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        workers.shutdownNow();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        io.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        for (Path s : sockets) {
            try {
                Files.deleteIfExists(s);
            } catch (IOException ignored) {
                // best effort: the next start removes a stale socket anyway
            }
        }
    }

    static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
