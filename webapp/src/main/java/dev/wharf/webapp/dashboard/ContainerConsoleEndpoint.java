package dev.wharf.webapp.dashboard;

import dev.wharf.controlplane.application.ContainerConsoleService;
import dev.wharf.controlplane.application.ContainerConsoleService.Console;
import dev.wharf.controlplane.domain.shared.DomainException;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The in-browser console's socket: {@code /app/console?ticket=...&cols=80&rows=24} (under {@code /app/}, so the
 * handshake needs a login session, and the ticket from {@link ConsoleTickets} proves the page may open one).
 * Browser to server: text {@code d<keys>} and {@code r<cols>,<rows>}. Server to browser: binary TTY output,
 * then text {@code x<exit code>} when the command ends, or {@code f<message>} if the console failed.
 */
@ServerEndpoint("/app/console")
public class ContainerConsoleEndpoint {

    private static final Logger LOG = Logger.getLogger(ContainerConsoleEndpoint.class.getName());

    private volatile Console console;

    @OnOpen
    public void open(Session session) {
        String user = session.getUserPrincipal() == null ? null : session.getUserPrincipal().getName();
        ConsoleTickets tickets = CDI.current().select(ConsoleTickets.class).get();
        var ticket = tickets.redeem(param(session, "ticket"), user).orElse(null);
        if (ticket == null) {
            fail(session, "this console link is not valid any more; open the console again");
            return;
        }
        int cols = number(param(session, "cols"), 80);
        int rows = number(param(session, "rows"), 24);
        try {
            console = CDI.current().select(ContainerConsoleService.class).get().open(ticket.containerId(),
                    ticket.command() == null ? List.of() : CommandLine.split(ticket.command()), cols, rows);
        } catch (DomainException | IllegalArgumentException e) {
            fail(session, e.getMessage());
            return;
        }
        Console c = console;
        tickets.executor().execute(() -> pump(session, c));
    }

    private void pump(Session session, Console c) {
        byte[] buf = new byte[8192];
        try (InputStream out = c.output()) {
            for (int n = out.read(buf); n >= 0; n = out.read(buf)) {
                if (n > 0) {
                    session.getBasicRemote().sendBinary(ByteBuffer.wrap(buf, 0, n));
                }
            }
            Integer exit = null;
            try {
                exit = c.exitCode();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "no exit code for console", e);
            }
            if (session.isOpen()) {
                session.getBasicRemote().sendText("x" + (exit == null ? "" : exit));
                session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "exited"));
            }
        } catch (IOException e) {
            if (session.isOpen()) {
                fail(session, "the console broke off: " + e.getMessage());
            }
        } finally {
            c.close();
        }
    }

    @OnMessage
    public void message(Session session, String message) {
        Console c = console;
        if (c == null || message.isEmpty()) {
            return;
        }
        try {
            if (message.charAt(0) == 'd') {
                c.input().write(message.substring(1).getBytes(StandardCharsets.UTF_8));
                c.input().flush();
            } else if (message.charAt(0) == 'r') {
                String[] size = message.substring(1).split(",");
                if (size.length == 2) {
                    c.resize(number(size[0], 80), number(size[1], 24));
                }
            }
        } catch (IOException | RuntimeException e) {
            fail(session, "the console broke off: " + e.getMessage());
        }
    }

    @OnClose
    public void closed(Session session) {
        Console c = console;
        if (c != null) {
            c.close();
        }
    }

    @OnError
    public void error(Session session, Throwable error) {
        LOG.log(Level.FINE, "console socket error", error);
        closed(session);
    }

    private static void fail(Session session, String message) {
        try {
            session.getBasicRemote().sendText("f" + message);
            session.close(new CloseReason(CloseReason.CloseCodes.CANNOT_ACCEPT, "console failed"));
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.FINE, "could not tell the browser the console failed", e);
        }
    }

    private static String param(Session session, String name) {
        List<String> values = session.getRequestParameterMap().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static int number(String s, int fallback) {
        try {
            return s == null ? fallback : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
