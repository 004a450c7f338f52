package dev.wharf.webapp.api.problem;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses request bodies over {@link #MAX_BYTES} with 413: at once when {@code Content-Length} says so, else
 * (chunked uploads) as soon as the limit is passed while reading, so an oversized body is never buffered whole.
 * The limit is {@code wharf.api.max-body-bytes} (default 1 MiB).
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class BodySizeLimit implements ContainerRequestFilter {

    public static final long MAX_BYTES = Long.getLong("wharf.api.max-body-bytes", 1 << 20);
    /** Oversized bodies up to this size are read and dropped before the 413; larger ones just get the answer. */
    private static final long DRAIN_LIMIT = 64L << 20;

    @Override
    public void filter(ContainerRequestContext request) {
        String length = request.getHeaderString("Content-Length");
        if (length != null) {
            try {
                long declared = Long.parseLong(length.trim());
                if (declared > MAX_BYTES) {
                    // read and drop a moderately large body first: many clients (the JDK's HttpClient among them)
                    // only read the answer once they have sent everything
                    if (declared <= DRAIN_LIMIT) {
                        drain(request.getEntityStream());
                    }
                    request.abortWith(tooLarge());
                    return;
                }
            } catch (NumberFormatException e) {
                request.abortWith(Problem.of(Response.Status.BAD_REQUEST, "invalid-input",
                        "the Content-Length header is not a number").toResponse());
                return;
            }
        }
        if (request.hasEntity()) {
            request.setEntityStream(new Limited(request.getEntityStream()));
        }
    }

    private static void drain(InputStream in) {
        byte[] buf = new byte[64 * 1024];
        try {
            long total = 0;
            for (int n = in.read(buf); n >= 0 && total <= DRAIN_LIMIT; n = in.read(buf)) {
                total += n;
            }
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    static Response tooLarge() {
        // close the connection: the rest of the body is never read, so the client must stop sending it
        return Response.fromResponse(Problem.of(Response.Status.REQUEST_ENTITY_TOO_LARGE, "payload-too-large",
                "the request body is larger than the limit of " + MAX_BYTES + " bytes").toResponse())
                .header("Connection", "close").build();
    }

    /**
     * Thrown from the body stream when the limit is passed. An IOException, so JSON readers pass it on unwrapped;
     * {@link JsonBodyInterceptor} turns it into the 413.
     */
    static final class TooLarge extends IOException {
        TooLarge() {
            super("the request body is larger than the limit of " + MAX_BYTES + " bytes");
        }
    }

    private static final class Limited extends FilterInputStream {
        private long seen;

        Limited(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            seen += n;
            if (seen > MAX_BYTES) {
                drain(in);
                throw new TooLarge();
            }
        }
    }
}
