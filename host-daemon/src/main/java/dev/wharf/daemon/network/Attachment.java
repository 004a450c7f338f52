package dev.wharf.daemon.network;

import java.util.List;

/**
 * What a container's runtime bundle needs from networking: the namespace to join ({@code null} in host mode:
 * then the bundle must not list a network namespace at all) and the files to bind-mount at /etc/hosts,
 * /etc/hostname and /etc/resolv.conf (rewritten in place when peers come and go, so mount them as files).
 */
public record Attachment(
        String mode,
        String netnsPath,
        String hostsPath,
        String hostnamePath,
        String resolvConfPath,
        List<Endpoint> endpoints,
        List<PublishedPort> ports) {

    static Attachment of(Sandbox s) {
        return new Attachment(s.mode(), s.netnsPath(), s.hostsPath(), s.hostnamePath(), s.resolvConfPath(), s.endpoints(), s.ports());
    }
}
