package dev.wharf.webapp.dashboard;

import dev.wharf.controlplane.application.AuditLogListing;
import dev.wharf.controlplane.application.AuditService;
import dev.wharf.controlplane.domain.account.Role;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The audit log as CSV, with the events page's filters as query parameters ({@code actor, action, target,
 * result=2|4|5, from, to} as ISO times, UTC). Under {@code /app/}, so it needs a login session; admins only.
 */
@WebServlet("/app/events.csv")
public class AuditCsvServlet extends HttpServlet {

    @Inject
    AuditLogListing listing;

    @Inject
    AuditService audit;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String user = request.getRemoteUser() == null ? "anonymous" : request.getRemoteUser();
        if (!request.isUserInRole(Role.ADMIN.apiName())) {
            audit.record(user, "UI export audit log", "csv", 403, request.getRemoteAddr());
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "only admins can read the audit log");
            return;
        }
        AuditLogListing.Filter filter;
        try {
            String result = blank(request.getParameter("result"));
            filter = new AuditLogListing.Filter(blank(request.getParameter("actor")),
                    blank(request.getParameter("action")), blank(request.getParameter("target")),
                    result == null ? null : Integer.valueOf(result), time(request.getParameter("from")),
                    time(request.getParameter("to")));
        } catch (NumberFormatException | DateTimeParseException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "bad filter: " + e.getMessage());
            return;
        }
        byte[] csv = AuditCsv.write(listing.page(filter, 0, AuditLogListing.MAX_EXPORT))
                .getBytes(StandardCharsets.UTF_8);
        audit.record(user, "UI export audit log", "csv", 200, request.getRemoteAddr());
        response.setContentType("text/csv; charset=utf-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"wharf-audit-log.csv\"");
        response.setContentLength(csv.length);
        response.getOutputStream().write(csv);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static Instant time(String s) {
        if (blank(s) == null) {
            return null;
        }
        return s.endsWith("Z") ? Instant.parse(s) : LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    }
}
