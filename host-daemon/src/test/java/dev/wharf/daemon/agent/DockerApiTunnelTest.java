package dev.wharf.daemon.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.daemon.api.ApiServer;
import dev.wharf.daemon.api.ListenAddress;
import dev.wharf.daemon.api.Router;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's tunnel end against a stand-in control plane (a Netty WebSocket server): the control plane opens a
 * stream, sends an HTTP request, and gets the daemon API's raw response back, then EOF.
 */
class DockerApiTunnelTest {
    @TempDir
    Path dir;

    @Test
    void relaysARequestToTheLocalApiAndTheRawResponseBack() throws Exception {
        Path sock = dir.resolve("api.sock");
        ApiServer api = new ApiServer(new Router().get("/_ping", ex -> ex.respond(200, "text/plain", "OK".getBytes())));
        api.listen(new ListenAddress.Unix(sock));
        BlockingQueue<TunnelFrame> fromDaemon = new LinkedBlockingQueue<>();
        BlockingQueue<Channel> connected = new LinkedBlockingQueue<>();
        BlockingQueue<String> authorization = new LinkedBlockingQueue<>();
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        try {
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                    new WebSocketServerProtocolHandler("/api/v1/agent/tunnel"),
                                    new SimpleChannelInboundHandler<BinaryWebSocketFrame>() {
                                        @Override
                                        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete hs) {
                                                authorization.add(String.valueOf(hs.requestHeaders().get("Authorization")));
                                                connected.add(ctx.channel());
                                            }
                                        }

                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, BinaryWebSocketFrame f) {
                                            fromDaemon.add(TunnelFrame.decode(f.content().nioBuffer()));
                                        }
                                    });
                        }
                    }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            try (DockerApiTunnel tunnel = new DockerApiTunnel("http://127.0.0.1:" + port, () -> "host-secret", sock)) {
                tunnel.start();
                Channel ws = connected.poll(10, TimeUnit.SECONDS);
                assertEquals("Bearer host-secret", authorization.poll(1, TimeUnit.SECONDS), "the daemon sends its host credential");
                send(ws, new TunnelFrame(7, TunnelFrame.OPEN, new byte[0]));
                send(ws, new TunnelFrame(7, TunnelFrame.DATA,
                        "GET /v1.43/_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
                ByteArrayOutputStream response = new ByteArrayOutputStream();
                while (true) {
                    TunnelFrame f = fromDaemon.poll(10, TimeUnit.SECONDS);
                    assertEquals(7, f.stream());
                    if (f.type() == TunnelFrame.EOF) {
                        break;
                    }
                    assertEquals(TunnelFrame.DATA, f.type());
                    response.writeBytes(f.payload());
                }
                String r = response.toString(StandardCharsets.UTF_8);
                assertTrue(r.startsWith("HTTP/1.1 200 OK"), r);
                assertTrue(r.endsWith("\r\n\r\nOK"), r);

                send(ws, new TunnelFrame(9, TunnelFrame.DATA, "x".getBytes(StandardCharsets.US_ASCII)));
                TunnelFrame reset = fromDaemon.poll(10, TimeUnit.SECONDS);
                assertEquals(TunnelFrame.RESET, reset.type());
                assertEquals(9, reset.stream());
            }
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            api.close();
        }
    }

    private static void send(Channel ws, TunnelFrame f) {
        ws.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(f.encode())));
    }
}
