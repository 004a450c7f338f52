package dev.wharf.daemon.api;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/** One {@code -H} value: {@code unix:///run/wharf/docker.sock} or {@code tcp://127.0.0.1:2375}. */
public sealed interface ListenAddress {

    record Unix(Path socket) implements ListenAddress {
        @Override
        public String toString() {
            return "unix://" + socket;
        }
    }

    record Tcp(InetSocketAddress address) implements ListenAddress {
        @Override
        public String toString() {
            return "tcp://" + address.getHostString() + ":" + address.getPort();
        }
    }

    /** Parses a dockerd-style host address; the message says what is wrong with a bad one. */
    static ListenAddress parse(String value) {
        if (value.startsWith("unix://")) {
            String path = value.substring("unix://".length());
            if (path.isEmpty() || !path.startsWith("/")) {
                throw new IllegalArgumentException("invalid listen address \"" + value + "\": unix socket path must be absolute");
            }
            return new Unix(Path.of(path));
        }
        if (value.startsWith("tcp://")) {
            String hostPort = value.substring("tcp://".length());
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("invalid listen address \"" + value + "\": expected tcp://HOST:PORT");
            }
            String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
            int port;
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid listen address \"" + value + "\": port is not a number");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("invalid listen address \"" + value + "\": port out of range");
            }
            return new Tcp(new InetSocketAddress(host, port));
        }
        throw new IllegalArgumentException("invalid listen address \"" + value + "\": use unix:///path or tcp://host:port");
    }
}
