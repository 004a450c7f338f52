package dev.wharf.daemon.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.daemon.linux.LibC;
import dev.wharf.daemon.testing.CliResult;
import dev.wharf.daemon.testing.DaemonProcess;
import dev.wharf.model.image.Digest;
import dev.wharf.model.oci.Layers;
import dev.wharf.testsupport.Fixtures;
import dev.wharf.testsupport.PushedImage;
import dev.wharf.testsupport.RegistryServer;
import dev.wharf.testsupport.Skopeo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The stock docker CLI against a real Wharf daemon and Debian's docker-registry, with skopeo as a second client. */
class ImagesCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RegistryServer registry;
    private static Fixtures.Pushed pushed;
    private static DaemonProcess daemon;

    @BeforeAll
    static void start() throws Exception {
        registry = RegistryServer.start();
        pushed = Fixtures.pushAll(registry);
        daemon = DaemonProcess.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private static CliResult docker(String... args) throws Exception {
        return daemon.docker(args);
    }

    private static JsonNode inspect(String ref) throws Exception {
        return JSON.readTree(docker("image", "inspect", ref).ok().out()).get(0);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void pullsAndShowsTheImageAsDockerDoes() throws Exception {
        PushedImage ml = pushed.multilayer();
        CliResult pull = docker("pull", ml.reference()).ok();
        assertTrue(pull.out().contains("Digest: " + ml.manifestDigest()), pull.out());
        assertTrue(pull.out().contains("Status: Downloaded newer image for " + ml.reference())
                || pull.out().contains("Status: Image is up to date for " + ml.reference()), pull.out());
        assertTrue(pull.out().contains("latest: Pulling from multilayer"), pull.out());

        JsonNode img = inspect(ml.reference());
        assertEquals(ml.imageId().toString(), img.get("Id").asText());
        // other tests of this class may add names to the same image
        assertTrue(texts(img.get("RepoTags")).contains(ml.reference()), img.get("RepoTags").toString());
        assertTrue(texts(img.get("RepoDigests")).contains(registry.address() + "/multilayer@" + ml.manifestDigest()),
                img.get("RepoDigests").toString());
        assertEquals(ml.diffIds().stream().map(Digest::toString).toList(), texts(img.path("RootFS").get("Layers")));
        assertEquals("layers", img.path("RootFS").path("Type").asText());
        assertEquals("amd64", img.get("Architecture").asText());
        assertEquals("linux", img.get("Os").asText());
        assertEquals("2024-01-01T00:00:00Z", img.get("Created").asText());
        assertEquals(List.of("sh"), texts(img.path("Config").get("Cmd")));
        assertEquals("multilayer", img.path("Config").path("Labels").path("dev.wharf.fixture").asText());
        assertTrue(img.get("Size").asLong() > Fixtures.DEFAULT_MIDDLE_SIZE, img.get("Size").toString());

        String images = docker("images", "--no-trunc", "--format", "{{.Repository}}|{{.Tag}}|{{.ID}}").ok().out();
        assertTrue(images.lines().anyMatch(l -> l.equals(registry.address() + "/multilayer|latest|" + ml.imageId())), images);
        String filtered = docker("images", "--filter", "reference=*/multi*", "--format", "{{.Repository}}:{{.Tag}}").ok().out();
        assertEquals(registry.address() + "/multilayer:latest", filtered);
        String labelled = docker("images", "-q", "--no-trunc", "--filter", "label=dev.wharf.fixture=multilayer").ok().out();
        assertEquals(List.of(ml.imageId().toString()), labelled.lines().distinct().toList(), "one row per name of the image");

        List<String> history = docker("history", "--no-trunc", "--format", "{{.ID}}|{{.CreatedBy}}|{{.Size}}",
                ml.reference()).ok().out().lines().toList();
        assertEquals(4, history.size(), history.toString());
        assertTrue(history.get(0).startsWith(ml.imageId() + "|/bin/sh -c #(nop)  CMD [\"sh\"]|0B"), history.get(0));
        assertTrue(history.get(2).startsWith("<missing>|/bin/sh -c mkdir -p /data/dir"), history.get(2));
        assertTrue(history.get(2).endsWith("MB"), "the middle layer's size: " + history.get(2));

        CliResult again = docker("pull", ml.reference()).ok();
        assertTrue(again.out().contains("Status: Image is up to date for " + ml.reference()), again.out());
    }

    @Test
    void aMultiPlatformIndexResolvesToTheAskedPlatform() throws Exception {
        var index = pushed.multiarch();
        docker("pull", index.reference()).ok();
        JsonNode img = inspect(index.reference());
        assertEquals("amd64", img.get("Architecture").asText());
        assertEquals(index.forArchitecture("amd64").imageId().toString(), img.get("Id").asText());
        assertTrue(texts(img.get("RepoDigests")).contains(registry.address() + "/" + index.repository() + "@" + index.digest()),
                "RepoDigests holds the index digest, as docker's does: " + img.get("RepoDigests"));

        String arm = registry.address() + "/" + pushed.multiarchList().repository() + ":latest";
        docker("pull", "--platform", "linux/arm64", arm).ok();
        assertEquals("arm64", inspect(arm).get("Architecture").asText());
    }

    @Test
    void unpackedLayersHoldWhiteoutDevicesAndTheOpaqueXattr() throws Exception {
        PushedImage ml = pushed.ociMultilayer();
        docker("pull", ml.reference()).ok();
        List<Digest> chains = Layers.chainIds(ml.diffIds());
        Path middle = daemon.dataRoot().resolve("layers").resolve(chains.get(1).encoded()).resolve("diff");
        Path top = daemon.dataRoot().resolve("layers").resolve(chains.get(2).encoded()).resolve("diff");
        String stat = dev.wharf.daemon.testing.Cli.run("stat", "-c", "%F %t:%T", top.resolve("data/old.txt").toString()).ok().out();
        assertEquals("character special file 0:0", stat);
        assertArrayEquals(new byte[] {'y'}, xattr(top.resolve("data/dir"), "trusted.overlay.opaque"));
        assertEquals(Fixtures.C_TXT, Files.readString(top.resolve("data/dir/c.txt")));
        assertEquals("regular file", dev.wharf.daemon.testing.Cli.run("stat", "-c", "%F",
                middle.resolve("data/old.txt").toString()).ok().out());
        assertEquals(null, xattr(middle.resolve("data/dir"), "trusted.overlay.opaque"), "the middle layer's dir is not opaque");
        assertTrue(Files.isRegularFile(middle.resolve("data/dir/a.txt")));
        try (Stream<Path> s = Files.walk(daemon.dataRoot().resolve("layers"))) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(".wh.")), "no .wh. file was written");
        }
        assertTrue(Files.isSymbolicLink(daemon.dataRoot().resolve("layers").resolve(chains.get(0).encoded()).resolve("diff/bin/sh")));
    }

    @Test
    void pushToAnotherRepositoryGivesDigestsSkopeoAgreesWith() throws Exception {
        PushedImage ml = pushed.multilayer();
        docker("pull", ml.reference()).ok();
        String target = registry.address() + "/pushed/multilayer:v1";
        docker("tag", ml.reference(), target).ok();
        CliResult push = docker("push", target).ok();
        assertTrue(push.out().contains("Mounted from multilayer") || push.out().contains("Layer already exists"), push.out());
        String digest = push.out().lines().filter(l -> l.startsWith("v1: digest: ")).findFirst().orElseThrow()
                .split(" ")[2];
        String rawText = Skopeo.inspect(target, true, null, null).orThrow();
        // skopeo prints the manifest bytes followed by a newline
        byte[] raw = (rawText.endsWith("\n") ? rawText.substring(0, rawText.length() - 1) : rawText).getBytes(StandardCharsets.UTF_8);
        assertEquals(digest, Digest.sha256(raw).toString(), "the manifest skopeo reads hashes to the digest push printed");
        JsonNode sk = JSON.readTree(Skopeo.inspect(target, false, null, null).orThrow());
        assertEquals(digest, sk.get("Digest").asText());
        assertEquals(ml.layerDigests().stream().map(Digest::toString).toList(), texts(sk.get("Layers")));
        JsonNode manifest = JSON.readTree(raw);
        assertEquals(ml.imageId().toString(), manifest.path("config").path("digest").asText());
        assertTrue(inspect(target).get("RepoDigests").toString().contains("pushed/multilayer@" + digest));
        Path out = Files.createTempDirectory("wharf-skopeo-copy-");
        try {
            Skopeo.copyFrom(target, "dir:" + out, null, null).orThrow();
            assertTrue(Files.exists(out.resolve(ml.imageId().encoded())), "skopeo copied the config blob");
        } finally {
            deleteTree(out);
        }
    }

    @Test
    void anImagePushedBySkopeoIsPulledWithTheSameDigests() throws Exception {
        String source = pushed.ociBusybox().reference();
        String target = registry.address() + "/skopeo/copied:v2";
        Skopeo.run(List.of("copy", "--quiet", "--src-tls-verify=false", "--dest-tls-verify=false",
                "docker://" + source, "docker://" + target)).orThrow();
        JsonNode sk = JSON.readTree(Skopeo.inspect(target, false, null, null).orThrow());
        docker("pull", target).ok();
        JsonNode img = inspect(target);
        assertTrue(texts(img.get("RepoDigests")).contains(registry.address() + "/skopeo/copied@" + sk.get("Digest").asText()),
                img.get("RepoDigests").toString());
        assertEquals(pushed.ociBusybox().imageId().toString(), img.get("Id").asText());
    }

    @Test
    void saveAndLoadRoundTrip() throws Exception {
        PushedImage bb = pushed.busybox();
        String name = "wharf-test/saved:rt";
        docker("pull", bb.reference()).ok();
        docker("tag", bb.reference(), name).ok();
        JsonNode before = inspect(name);
        Path dir = Files.createTempDirectory("wharf-save-");
        try {
            Path tar = dir.resolve("saved.tar");
            docker("save", "-o", tar.toString(), name).ok();
            JsonNode skopeo = JSON.readTree(Skopeo.run(List.of("inspect", "docker-archive:" + tar)).orThrow());
            assertEquals(bb.diffIds().stream().map(Digest::toString).toList(), texts(skopeo.get("Layers")));
            docker("rmi", name).ok();
            assertNotEquals(0, docker("image", "inspect", name).exitCode());
            CliResult load = daemon.dockerWithInput(Files.readAllBytes(tar), "load").ok();
            assertEquals("Loaded image: " + name, load.out());
            JsonNode after = inspect(name);
            for (String f : List.of("Id", "Created", "Architecture", "Os", "Size")) {
                assertEquals(before.get(f), after.get(f), f);
            }
            assertEquals(before.get("Config"), after.get("Config"));
            assertEquals(before.get("RootFS"), after.get("RootFS"));

            // a loaded (plain tar) layer is gzipped for a push, and skopeo can read the result
            String pushedName = registry.address() + "/loaded/busybox:v1";
            docker("tag", name, pushedName).ok();
            docker("push", pushedName).ok();
            Skopeo.copyFrom(pushedName, "dir:" + dir.resolve("copy"), null, null).orThrow();
            docker("pull", pushedName).ok();
        } finally {
            deleteTree(dir);
        }
    }

    @Test
    void startsAgainAfterACrashInTheMiddleOfALoad() throws Exception {
        daemon.kill9();
        // what `docker load` leaves when the daemon dies while unpacking
        Path unpack = Files.createDirectories(daemon.dataRoot().resolve("content/ingest/5d41402a-load.tmp/blobs/sha256"));
        Files.writeString(unpack.resolve("0123"), "half a layer");
        Files.writeString(unpack.getParent().getParent().resolve("manifest.json"), "[]");
        daemon.restart();
        docker("info").ok();
        assertFalse(Files.exists(daemon.dataRoot().resolve("content/ingest/5d41402a-load.tmp")));
    }

    @Test
    void loadsAnOciImageLayoutArchiveWrittenBySkopeo() throws Exception {
        PushedImage ml = pushed.ociMultilayer();
        Path dir = Files.createTempDirectory("wharf-oci-load-");
        try {
            Path archive = dir.resolve("oci.tar");
            Skopeo.copyFrom(ml.reference(), "oci-archive:" + archive + ":wharf-test/ociload:v1", null, null).orThrow();
            CliResult load = daemon.dockerWithInput(Files.readAllBytes(archive), "load").ok();
            assertEquals("Loaded image: wharf-test/ociload:v1", load.out());
            JsonNode img = inspect("wharf-test/ociload:v1");
            assertEquals(ml.imageId().toString(), img.get("Id").asText());
            assertEquals(ml.diffIds().stream().map(Digest::toString).toList(), texts(img.path("RootFS").get("Layers")));

            CliResult garbage = daemon.dockerWithInput("not a tar at all".getBytes(StandardCharsets.UTF_8), "load");
            assertNotEquals(0, garbage.exitCode());
            assertTrue(garbage.stderr().contains("invalid image archive"), garbage.stderr());
        } finally {
            deleteTree(dir);
        }
    }

    @Test
    void rmiUntagsThenDeletesAndRefusesWhatNeedsForce() throws Exception {
        PushedImage bb = pushed.ociBusybox();
        docker("pull", bb.reference()).ok();
        docker("tag", bb.reference(), "wharf-test/one:a").ok();
        docker("tag", bb.reference(), "wharf-test/two:b").ok();
        CliResult untag = docker("rmi", "wharf-test/one:a").ok();
        assertEquals("Untagged: wharf-test/one:a", untag.out());
        CliResult conflict = docker("rmi", bb.imageId().shortHex());
        assertNotEquals(0, conflict.exitCode());
        assertTrue(conflict.stderr().contains("conflict: unable to delete " + bb.imageId().shortHex()
                + " (must be forced) - image is referenced in multiple repositories"), conflict.stderr());
        CliResult missing = docker("rmi", "wharf-test/never:seen");
        assertTrue(missing.stderr().contains("No such image: wharf-test/never:seen"), missing.stderr());
        CliResult inspectMissing = docker("image", "inspect", "wharf-test/never:seen");
        assertTrue(inspectMissing.stderr().contains("No such image"), inspectMissing.stderr());
        CliResult noRepo = docker("pull", registry.address() + "/does/not-exist:1");
        assertNotEquals(0, noRepo.exitCode());
        assertTrue(noRepo.stderr().contains("not found"), noRepo.stderr());
        docker("rmi", "wharf-test/two:b").ok();
    }

    static byte[] xattr(Path p, String name) {
        byte[] buf = new byte[64];
        try {
            long n = LibC.INSTANCE.lgetxattr(p.toString(), name, buf, buf.length);
            return Arrays.copyOf(buf, (int) n);
        } catch (com.sun.jna.LastErrorException e) {
            return null;
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
