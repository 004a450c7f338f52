package dev.wharf.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One API request and its response, as seen by a {@link Handler} on a worker thread: query and path
 * parameters, a streamed body, and three ways to answer — a whole JSON document, a chunked stream (pull
 * progress, logs, events), or a hijacked raw connection (attach, exec).
 */
public final class ApiExchange {
    private final Channel channel;
    private final HttpRequest request;
    private final String path;
    private final String apiVersion;
    private final QueryStringDecoder query;
    private final InboundStream body;
    private final Runnable finished;
    private final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();
    private Map<String, String> params = Map.of();
    private volatile boolean responded;
    private volatile OutboundStream stream;
    private volatile InboundStream rawIn;

    ApiExchange(Channel channel, HttpRequest request, String path, String apiVersion, InboundStream body, Runnable finished) {
        this.channel = channel;
        this.request = request;
        this.path = path;
        this.apiVersion = apiVersion;
        this.query = new QueryStringDecoder(request.uri());
        this.body = body;
        this.finished = finished;
    }

    void params(Map<String, String> params) {
        this.params = params;
    }

    public String method() {
        return request.method().name();
    }

    /** The path without its {@code /v1.NN} prefix. */
    public String path() {
        return path;
    }

    /** The API version the client asked for in the path, or {@link ApiVersion#MAX} when unversioned. */
    public String apiVersion() {
        return apiVersion == null ? ApiVersion.MAX : apiVersion;
    }

    public String param(String name) {
        return params.get(name);
    }

    public String query(String name) {
        List<String> v = query.parameters().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    public List<String> queryAll(String name) {
        return query.parameters().getOrDefault(name, List.of());
    }

    /** Docker's boolean query values: {@code 1}, {@code true}, {@code True} are true; absent gives the default. */
    public boolean queryBool(String name, boolean dflt) {
        String v = query(name);
        if (v == null) {
            return dflt;
        }
        return v.equals("1") || v.equalsIgnoreCase("true");
    }

    public Integer queryInt(String name) {
        String v = query(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid value for " + name + ": \"" + v + "\" is not an integer");
        }
    }

    public String header(String name) {
        return request.headers().get(name);
    }

    public HttpHeaders headers() {
        return request.headers();
    }

    public InputStream body() {
        return body;
    }

    /** The whole body, refusing one larger than {@code max} bytes. */
    public byte[] bodyBytes(int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        int n;
        while ((n = body.read(buf)) > 0) {
            if (out.size() + n > max) {
                throw new ApiException(413, "request body is larger than " + max + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** The body as JSON, or {@code null} when empty; malformed JSON is a 400 that says where. */
    public <T> T bodyJson(Class<T> type) throws IOException {
        byte[] bytes = bodyBytes(16 << 20);
        if (bytes.length == 0) {
            return null;
        }
        try {
            return DockerJson.MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw ApiException.badRequest("invalid JSON body: " + DockerJson.describe(e));
        }
    }

    public JsonNode bodyJsonTree() throws IOException {
        return bodyJson(JsonNode.class);
    }

    public boolean responded() {
        return responded;
    }

    /** True while the client is still connected. Long-running handlers (follow) poll this. */
    public boolean isOpen() {
        return channel.isActive();
    }

    /** Runs when the client disconnects (or the exchange ends with the connection closed). */
    public void onClose(Runnable r) {
        closeListeners.add(r);
        if (!channel.isActive()) {
            r.run();
        }
    }

    public void json(int status, Object value) throws IOException {
        respond(status, "application/json", DockerJson.MAPPER.writeValueAsBytes(value));
    }

    public void noContent() {
        respond(204, null, new byte[0]);
    }

    public void respond(int status, String contentType, byte[] bytes) {
        claim();
        boolean head = "HEAD".equals(method());
        var res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
        commonHeaders(res);
        if (contentType != null) {
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        if (status != 204 && status != 304) {
            res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        }
        send(res, true);
    }

    /** Starts a chunked response. Closing the stream ends it. */
    public OutputStream stream(int status, String contentType) {
        claim();
        var res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        commonHeaders(res);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpUtil.setTransferEncodingChunked(res, true);
        send(res, false);
        stream = new OutboundStream(channel, false, this::complete);
        return stream;
    }

    /** The two directions of a hijacked connection. Closing {@code out} closes the connection. */
    public record RawStream(InputStream in, OutputStream out) {
    }

    /**
     * Takes over the connection as dockerd does for attach and exec: {@code 101 UPGRADED} when the client asked
     * for {@code Upgrade: tcp}, else {@code 200} with the stream following until close.
     */
    public RawStream hijack(String contentType) {
        claim();
        boolean upgrade = request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
        String head = (upgrade
                ? "HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
                : "HTTP/1.1 200 OK\r\n")
                + "Content-Type: " + contentType + "\r\nApi-Version: " + ApiVersion.MAX + "\r\nServer: " + DaemonIdentity.SERVER
                + "\r\n\r\n";
        InboundStream in = HttpDispatcher.hijack(channel, this);
        channel.writeAndFlush(Unpooled.copiedBuffer(head, StandardCharsets.US_ASCII));
        rawIn = in;
        stream = new OutboundStream(channel, true, () -> {
            channel.close();
            complete();
        });
        return new RawStream(in, stream);
    }

    private void claim() {
        if (responded) {
            throw new IllegalStateException("response already started for " + method() + " " + path);
        }
        responded = true;
    }

    private final Map<String, String> extraHeaders = new java.util.concurrent.ConcurrentHashMap<>();

    /** Adds a header to the response; call before answering (e.g. {@code X-Docker-Container-Path-Stat}). */
    public void responseHeader(String name, String value) {
        extraHeaders.put(name, value);
    }

    private void commonHeaders(HttpResponse res) {
        extraHeaders.forEach((k, v) -> res.headers().set(k, v));
        res.headers().set("Api-Version", ApiVersion.MAX);
        res.headers().set("Docker-Experimental", "false");
        res.headers().set("Ostype", "linux");
        res.headers().set(HttpHeaderNames.SERVER, DaemonIdentity.SERVER);
        if (!HttpUtil.isKeepAlive(request)) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    private void send(HttpResponse res, boolean complete) {
        var f = channel.writeAndFlush(res);
        if (complete) {
            if (!HttpUtil.isKeepAlive(request)) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
            complete();
        }
    }

    private volatile boolean completed;

    private void complete() {
        if (completed) {
            return;
        }
        completed = true;
        if (stream != null && rawIn == null && !HttpUtil.isKeepAlive(request)) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
        body.close();
        finished.run();
    }

    /** Called by the dispatcher when the handler returned or failed, to finish what it left open. */
    void handlerDone() {
        OutboundStream s = stream;
        if (s != null && rawIn == null) {
            s.close();
        }
    }

    void channelClosed() {
        body.end();
        InboundStream in = rawIn;
        if (in != null) {
            in.end();
        }
        closeListeners.forEach(Runnable::run);
    }

    void writabilityChanged() {
        OutboundStream s = stream;
        if (s != null) {
            s.writabilityChanged();
        }
    }

    InboundStream bodyStream() {
        return body;
    }
}
