package dev.wharf.controlplane.domain.scheduling;

/**
 * A published port as Docker's {@code -p} writes it: {@code [hostIp:]hostPort:containerPort[/tcp|udp]}, or only
 * {@code containerPort[/proto]} (an ephemeral host port, which never conflicts).
 *
 * @param hostIp        the host address to bind, or null for all
 * @param hostPort      the host port, or 0 for an ephemeral one
 * @param containerPort the container's port
 * @param protocol      {@code tcp} or {@code udp}
 */
public record PortRequest(String hostIp, int hostPort, int containerPort, String protocol) {

    /** @throws IllegalArgumentException naming what is wrong */
    public static PortRequest parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a port must not be blank");
        }
        String protocol = "tcp";
        String rest = text.trim();
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            protocol = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
            if (!protocol.equals("tcp") && !protocol.equals("udp")) {
                throw new IllegalArgumentException("'" + text + "': the protocol must be tcp or udp");
            }
        }
        String[] parts = rest.split(":", -1);
        try {
            return switch (parts.length) {
                case 1 -> new PortRequest(null, 0, port(parts[0], text), protocol);
                case 2 -> new PortRequest(null, port(parts[0], text), port(parts[1], text), protocol);
                case 3 -> new PortRequest(parts[0].isEmpty() ? null : parts[0], port(parts[1], text),
                        port(parts[2], text), protocol);
                default -> throw new IllegalArgumentException("'" + text + "' is not [hostIp:]hostPort:containerPort[/proto]");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': ports must be numbers 1-65535");
        }
    }

    private static int port(String s, String text) {
        int p = Integer.parseInt(s);
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("'" + text + "': ports must be numbers 1-65535");
        }
        return p;
    }

    /** The key two containers clash on when both take it on one host: {@code 8080/tcp}; null if ephemeral. */
    public String hostKey() {
        return hostPort == 0 ? null : hostPort + "/" + protocol;
    }
}
