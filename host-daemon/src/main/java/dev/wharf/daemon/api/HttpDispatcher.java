package dev.wharf.daemon.api;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns Netty's HTTP events into {@link ApiExchange}s run on worker threads. Requests on one connection are
 * served in order. After a hijack the HTTP codec is removed and raw bytes flow to the handler's stdin stream.
 */
final class HttpDispatcher extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = Logger.getLogger(HttpDispatcher.class.getName());
    static final String CODEC = "http";
    private static final AttributeKey<HttpDispatcher> SELF = AttributeKey.valueOf("wharf.dispatcher");

    private final Router router;
    private final ExecutorService workers;
    private ApiExchange current;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private boolean hijacked;

    HttpDispatcher(Router router, ExecutorService workers) {
        this.router = router;
        this.workers = workers;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.channel().attr(SELF).set(this);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (hijacked) {
            if (msg instanceof ByteBuf buf) {
                rawInPending.offer(buf);
            } else if (msg instanceof HttpContent c) {
                rawInPending.offer(c.content());
            } else {
                io.netty.util.ReferenceCountUtil.release(msg);
            }
            return;
        }
        if (msg instanceof HttpRequest req) {
            if (req.decoderResult().isFailure()) {
                reject(ctx.channel(), 400, "malformed HTTP request: " + req.decoderResult().cause().getMessage());
                io.netty.util.ReferenceCountUtil.release(msg);
                return;
            }
            Channel ch = ctx.channel();
            InboundStream body = new InboundStream(on -> ch.eventLoop().execute(() -> ch.config().setAutoRead(on)));
            ApiExchange ex;
            String rawPath = new io.netty.handler.codec.http.QueryStringDecoder(req.uri()).path();
            ApiVersion.Split split;
            try {
                split = ApiVersion.split(rawPath);
            } catch (ApiException e) {
                ex = new ApiExchange(ch, req, rawPath, null, body, () -> { });
                current = ex;
                ApiExchange failing = ex;
                schedule(() -> fail(failing, e));
                consumeContent(msg, ex);
                return;
            }
            ex = new ApiExchange(ch, req, split.path(), split.version(), body, () -> { });
            current = ex;
            ApiExchange run = ex;
            schedule(() -> run(run));
            consumeContent(msg, ex);
        } else if (msg instanceof HttpContent c) {
            consumeContent(c, current);
        } else {
            io.netty.util.ReferenceCountUtil.release(msg);
        }
    }

    private void consumeContent(Object msg, ApiExchange ex) {
        if (msg instanceof HttpContent c) {
            if (ex != null) {
                ex.bodyStream().offer(c.content().retain());
                if (c instanceof LastHttpContent) {
                    ex.bodyStream().end();
                }
            }
            c.release();
        }
    }

    private void schedule(Runnable task) {
        tail = tail.thenRunAsync(task, workers);
    }

    private void run(ApiExchange ex) {
        try {
            Router.Match match = router.match(ex.method(), ex.path());
            ex.params(match.params());
            match.handler().handle(ex);
        } catch (Throwable t) {
            fail(ex, t);
        } finally {
            ex.handlerDone();
        }
    }

    private void fail(ApiExchange ex, Throwable t) {
        if (!ex.isOpen()) { // the client hung up (e.g. a CLI's wait after the container went): nothing to tell
            LOG.fine(() -> ex.method() + " " + ex.path() + " ended: the client left (" + t + ")");
            return;
        }
        ApiException api = t instanceof ApiException a ? a
                : new ApiException(500, t.getMessage() == null ? t.toString() : t.getMessage(), t);
        if (api.status() >= 500 || !(t instanceof ApiException)) {
            LOG.log(Level.WARNING, ex.method() + " " + ex.path() + " failed", t);
        } else {
            LOG.fine(() -> ex.method() + " " + ex.path() + " -> " + api.status() + " " + api.getMessage());
        }
        if (ex.responded()) {
            return; // a streaming handler reports its own errors in-band
        }
        try {
            if (api.status() == 304) {
                ex.respond(304, null, new byte[0]);
            } else {
                ex.json(api.status(), Map.of("message", api.getMessage() == null ? "" : api.getMessage()));
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "could not send the error response", e);
        }
    }

    private static void reject(Channel ch, int status, String message) {
        byte[] body = ("{\"message\":" + DockerJson.MAPPER.valueToTree(message) + "}\n").getBytes(StandardCharsets.UTF_8);
        var res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        ch.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }

    /** Switches a connection to raw mode; returns the stream that will receive the client's bytes. */
    static InboundStream hijack(Channel ch, ApiExchange ex) {
        HttpDispatcher self = ch.attr(SELF).get();
        InboundStream in = new InboundStream(on -> ch.eventLoop().execute(() -> ch.config().setAutoRead(on)));
        try {
            ch.eventLoop().submit(() -> {
                self.hijacked = true;
                self.current = ex;
                self.rawInPending = in;
                if (ch.pipeline().get(CODEC) != null) {
                    ch.pipeline().remove(CODEC);
                }
            }).sync();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(500, "interrupted while hijacking the connection");
        }
        return in;
    }

    private InboundStream rawInPending;

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent) {
            // the client half-closed: stdin is done; the response may still flow
            ApiExchange ex = current;
            if (ex != null) {
                if (hijacked) {
                    rawInPending.end();
                } else {
                    ex.bodyStream().end();
                }
            }
            if (!hijacked && (ex == null || ex.responded())) {
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ApiExchange ex = current;
        if (ex != null) {
            ex.writabilityChanged();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ApiExchange ex = current;
        if (ex != null) {
            ex.channelClosed();
        }
        if (rawInPending != null) {
            rawInPending.end();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.FINE, "connection error", cause);
        ctx.close();
    }
}
