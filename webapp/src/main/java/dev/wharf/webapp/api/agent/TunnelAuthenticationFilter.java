package dev.wharf.webapp.api.agent;

import dev.wharf.controlplane.domain.shared.AuthenticationException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Refuses a tunnel upgrade without a valid host credential with a 401 problem, before any WebSocket exists. */
@WebFilter(urlPatterns = "/api/v1/agent/tunnel", asyncSupported = true)
public class TunnelAuthenticationFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            TunnelEndpoint.hostOf(request.getHeader("Authorization"));
        } catch (AuthenticationException e) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader("WWW-Authenticate", "Bearer realm=\"wharf\"");
            response.setContentType("application/problem+json");
            String detail = e.getMessage().replace("\"", "'");
            response.getOutputStream().write(("{\"type\":\"urn:wharf:problem:unauthorized\",\"title\":\"Unauthorized\","
                    + "\"status\":401,\"detail\":\"" + detail + "\"}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(request, response);
    }
}
