package dev.wharf.systemtests;

import dev.wharf.testsupport.Fixtures;
import dev.wharf.testsupport.ImageFormat;
import dev.wharf.testsupport.ImagePusher;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Debian's docker-registry listening on the underlay address, seeded with the busybox fixture image. */
final class TestRegistry implements AutoCloseable {
    private final Process process;
    private final String address;

    TestRegistry(Path dir, String listenIp) throws Exception {
        Files.createDirectories(dir);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        this.address = listenIp + ":" + port;
        Files.writeString(dir.resolve("config.yml"), """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: %s
                """.formatted(dir.resolve("storage"), address));
        process = new ProcessBuilder("/usr/bin/docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 100; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://" + address + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    break;
                }
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        new ImagePusher(address, null, null).push(Fixtures.BUSYBOX_REPO, Fixtures.TAG, Fixtures.busybox(), ImageFormat.DOCKER);
    }

    String address() {
        return address;
    }

    String busybox() {
        return address + "/" + Fixtures.BUSYBOX_REPO + ":" + Fixtures.TAG;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        process.waitFor(20, TimeUnit.SECONDS);
    }
}
