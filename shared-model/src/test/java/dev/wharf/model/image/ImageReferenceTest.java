package dev.wharf.model.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Cases from distribution/reference's reference_test.go and normalize_test.go, run through ParseNormalizedNamed. */
class ImageReferenceTest {

    private static final String F64 = "f".repeat(64);
    private static final String SHA = "sha256:" + F64;
    private static final String BUSYBOX_DIGEST =
            "sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
        // input,                                       domain,                  path,                        tag
        "busybox,                                        docker.io,               library/busybox,             ",
        "test_com,                                       docker.io,               library/test_com,            ",
        "test.com:tag,                                   docker.io,               library/test.com,            tag",
        "test.com:5000,                                  docker.io,               library/test.com,            5000",
        "test.com/repo:tag,                              test.com,                repo,                        tag",
        "test:5000/repo,                                 test:5000,               repo,                        ",
        "test:5000/repo:tag,                             test:5000,               repo,                        tag",
        "sub-dom1.foo.com/bar/baz/quux,                  sub-dom1.foo.com,        bar/baz/quux,                ",
        "sub-dom1.foo.com/bar/baz/quux:some-long-tag,    sub-dom1.foo.com,        bar/baz/quux,                some-long-tag",
        "b.gcr.io/test.example.com/my-app:test.example.com, b.gcr.io,             test.example.com/my-app,     test.example.com",
        "xn--n3h.com/myimage:xn--n3h.com,                xn--n3h.com,             myimage,                     xn--n3h.com",
        "foo_bar.com:8080,                               docker.io,               library/foo_bar.com,         8080",
        "foo/foo_bar.com:8080,                           docker.io,               foo/foo_bar.com,             8080",
        "192.168.1.1,                                    docker.io,               library/192.168.1.1,         ",
        "192.168.1.1:tag,                                docker.io,               library/192.168.1.1,         tag",
        "192.168.1.1/repo,                               192.168.1.1,             repo,                        ",
        "192.168.1.1:5000/repo:5050,                     192.168.1.1:5000,        repo,                        5050",
        "192.168.0.1:8/debian,                           192.168.0.1:8,           debian,                      ",
        "127.0.0.1:5000/ns/app:1.2,                      127.0.0.1:5000,          ns/app,                      1.2",
        "localhost/x,                                    localhost,               x,                           ",
        "localhost:5000/x:y,                             localhost:5000,          x,                           y",
        "[2001:db8::1]/repo,                             [2001:db8::1],           repo,                        ",
        "[2001:db8:1:2:3:4:5:6]/repo:tag,                [2001:db8:1:2:3:4:5:6],  repo,                        tag",
        "[2001:db8::1]:5000/repo:tag,                    [2001:db8::1]:5000,      repo,                        tag",
        "[2001:db8::]:5000/repo,                         [2001:db8::]:5000,       repo,                        ",
        "[::1]:5000/repo,                                [::1]:5000,              repo,                        ",
        "[fc00:1:2:3:4:5:6:7]:5000/library/debian,       [fc00:1:2:3:4:5:6:7]:5000, library/debian,            ",
        "a/a/a/a,                                        docker.io,               a/a/a/a,                     ",
        "lowercase:Uppercase,                            docker.io,               library/lowercase,           Uppercase",
        "docker.io/debian,                               docker.io,               library/debian,              ",
        "index.docker.io/debian,                         docker.io,               library/debian,              ",
        "index.docker.io/docker/docker,                  docker.io,               docker/docker,               ",
        "docker.io/library/foo/bar,                      docker.io,               library/foo/bar,             ",
        "Docker/docker,                                  Docker,                  docker,                      ",
        "DOCKER/docker,                                  DOCKER,                  docker,                      ",
        "docker---rules/docker,                          docker.io,               docker---rules/docker,       ",
        "dock__er/docker,                                docker.io,               dock__er/docker,             ",
        "d/docker,                                       docker.io,               d/docker,                    ",
        "jess/t,                                         docker.io,               jess/t,                      ",
        "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev, docker.io, library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev, ",
        "docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a, docker.io, library/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a, ",
    })
    void parsesAndNormalizes(String input, String domain, String path, String tag) {
        ImageReference ref = ImageReference.parse(input);
        assertEquals(domain, ref.domain());
        assertEquals(path, ref.path());
        assertEquals(tag, ref.tag());
        assertNull(ref.digest());
        assertEquals(domain + "/" + path + (tag == null ? "" : ":" + tag), ref.toString());
        assertEquals(ref, ImageReference.parse(ref.toString()), "the canonical string parses back to itself");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
        "test:5000/repo@" + "sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
                + ", test:5000, repo, , sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "test:5000/repo:tag@" + "sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
                + ", test:5000, repo, tag, sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "[2001:db8::1]:5000/repo@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
                + ", [2001:db8::1]:5000, repo, , sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa"
                + ", docker.io, library/busybox, latest, sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa",
        "xn--7o8h.com/myimage:xn--7o8h.com@sha512:" + "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
                + "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff, xn--7o8h.com, myimage, xn--7o8h.com, "
                + "sha512:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
                + "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    })
    void parsesDigests(String input, String domain, String path, String tag, String digest) {
        ImageReference ref = ImageReference.parse(input);
        assertEquals(domain, ref.domain());
        assertEquals(path, ref.path());
        assertEquals(tag, ref.tag());
        assertEquals(Digest.parse(digest), ref.digest());
        assertEquals(ref, ImageReference.parse(ref.toString()));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("", "repository name must have at least one component"),
                Arguments.of(":justtag", "invalid reference format \":justtag\""),
                Arguments.of("@" + SHA, "invalid reference format \"@" + SHA + "\""),
                Arguments.of("repo@sha256:" + "f".repeat(34), "sha256 digest must be 64 lowercase hex characters"),
                Arguments.of("repo@sha256:ffff", "invalid digest \"sha256:ffff\""),
                Arguments.of("busybox@sha256:" + "F".repeat(64), "sha256 digest must be 64 lowercase hex characters"),
                Arguments.of("validname@invaliddigest:" + F64, "unsupported digest algorithm \"invaliddigest\""),
                Arguments.of("Uppercase:tag", "repository name (library/Uppercase) must be lowercase"),
                Arguments.of("busybox/Busybox", "repository name (busybox/Busybox) must be lowercase"),
                Arguments.of("test:5000/Uppercase/lowercase:tag", "repository name (Uppercase/lowercase) must be lowercase"),
                Arguments.of("docker.io/docker/Docker", "repository name (docker/Docker) must be lowercase"),
                Arguments.of("aa/asdf$$^/aa", "path component \"asdf$$^\""),
                Arguments.of("a:b:c", "invalid reference format \"a:b:c\""),
                Arguments.of("https://github.com/docker/docker", "URL scheme"),
                Arguments.of("-docker", "path component \"-docker\""),
                Arguments.of("-docker/docker", "path component \"-docker\""),
                Arguments.of("-docker.io/docker/docker", "\"-docker.io\" is not a valid registry host"),
                Arguments.of("docker///docker", "empty path component"),
                Arguments.of("docker.io/docker///docker", "empty path component"),
                Arguments.of("docker-/docker", "path component \"docker-\""),
                Arguments.of("-docker-/docker", "path component \"-docker-\""),
                Arguments.of("____/____", "path component \"____\""),
                Arguments.of("_docker/_docker", "path component \"_docker\""),
                Arguments.of("dock..er/docker", "\"dock..er\" is not a valid registry host"),
                Arguments.of("dock_.er/docker", "\"dock_.er\" is not a valid registry host"),
                Arguments.of("dock-.er/docker", "\"dock-.er\" is not a valid registry host"),
                Arguments.of("docker/dock..er", "path component \"dock..er\""),
                Arguments.of("docker/", "empty path component"),
                Arguments.of("[2001:db8::1]", "a registry host must be followed by /repository"),
                Arguments.of("[2001:db8::1]:5000", "a registry host must be followed by /repository"),
                Arguments.of("[2001:db8::1]:tag", "a registry host must be followed by /repository"),
                Arguments.of("[fc00::1]", "a registry host must be followed by /repository"),
                Arguments.of("[fe80::1%eth0]:5000/repo", "\"[fe80::1%eth0]:5000\" is not a valid registry host"),
                Arguments.of("[fe80::1%@invalidzone]:5000/repo", "invalid reference format"),
                Arguments.of("[2001:db8:3:4::192.0.2.33]:5000/debian", "is not a valid registry host"),
                Arguments.of("fc00::1:5000/debian", "\"fc00::1:5000\" is not a valid registry host"),
                Arguments.of("1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
                        "cannot specify 64-byte hexadecimal strings"),
                Arguments.of("a/".repeat(128) + "a:tag", "repository name must not be more than 255 characters"),
                Arguments.of("this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_".repeat(4) + "x/docker",
                        "repository name must not be more than 255 characters"),
                Arguments.of("busybox:" + "t".repeat(129), "invalid tag \"" + "t".repeat(129) + "\""),
                Arguments.of("busybox:-tag", "invalid tag \"-tag\""),
                Arguments.of("busybox:.tag", "invalid tag \".tag\""),
                // Docker would return a domain-less name here; Wharf refuses it (see ImageReference's Javadoc)
                Arguments.of("foo_bar.com/repo", "\"foo_bar.com\" is not a valid registry host"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalid")
    void rejectsWithAMessageSayingWhy(String input, String expectedInMessage) {
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(input));
        assertTrue(e.getMessage().contains(expectedInMessage),
                () -> "message \"" + e.getMessage() + "\" should contain \"" + expectedInMessage + "\"");
        assertTrue(e.getMessage().startsWith("invalid "), e::getMessage);
        assertTrue(e instanceof IllegalArgumentException);
    }

    @Test
    void nullIsRejectedLikeEmpty() {
        assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(null));
    }

    @Test
    void aPathOfExactly255CharactersIsAccepted() {
        String input = "a/".repeat(127) + "a:tag-puts-this-over-max";
        ImageReference ref = ImageReference.parse(input);
        assertEquals("docker.io", ref.domain());
        assertEquals(255, ref.path().length());
        assertEquals("tag-puts-this-over-max", ref.tag());
    }

    @Test
    void aTagOf128CharactersIsAccepted() {
        assertEquals(128, ImageReference.parse("busybox:" + "t".repeat(128)).tag().length());
        assertTrue(ImageReference.isValidTag("_x.Y-1"));
        assertFalse(ImageReference.isValidTag(""));
        assertFalse(ImageReference.isValidTag(null));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
        // input,                            familiar name,                     canonical name
        "busybox,                            busybox,                           docker.io/library/busybox",
        "fooo/bar,                           fooo/bar,                          docker.io/fooo/bar",
        "index.docker.io/fooo/bar,           fooo/bar,                          docker.io/fooo/bar",
        "library/ubuntu,                     ubuntu,                            docker.io/library/ubuntu",
        "docker.io/foo,                      foo,                               docker.io/library/foo",
        "other/library,                      other/library,                     docker.io/other/library",
        "library/foo/bar,                    library/foo/bar,                   docker.io/library/foo/bar",
        "store/foo/bar,                      store/foo/bar,                     docker.io/store/foo/bar",
        "index.docker.io/library/ubuntu-12.04-base, ubuntu-12.04-base,          docker.io/library/ubuntu-12.04-base",
        "127.0.0.1:8000/private/moonbase,    127.0.0.1:8000/private/moonbase,   127.0.0.1:8000/private/moonbase",
        "example.com:8000/privatebasee,      example.com:8000/privatebasee,     example.com:8000/privatebasee",
        "Foo/bar,                            Foo/bar,                           Foo/bar",
    })
    void familiarNames(String input, String familiar, String canonical) {
        ImageReference ref = ImageReference.parse(input);
        assertEquals(familiar, ref.familiarName());
        assertEquals(canonical, ref.name());
        assertEquals(ref.nameOnly(), ImageReference.parse(familiar), "the familiar name parses back to the same name");
    }

    @Test
    void tagAndDigestTogetherKeepBothInEveryForm() {
        ImageReference ref = ImageReference.parse("busybox:latest@" + BUSYBOX_DIGEST);
        assertEquals("docker.io/library/busybox:latest@" + BUSYBOX_DIGEST, ref.toString());
        assertEquals("busybox:latest@" + BUSYBOX_DIGEST, ref.familiarString());
        assertEquals(BUSYBOX_DIGEST, ref.manifestReference());
    }

    @Test
    void defaultTagIsAddedOnlyWhenThereIsNeitherTagNorDigest() {
        assertEquals("docker.io/library/busybox:latest", ImageReference.parse("busybox").withDefaultTag().toString());
        ImageReference tagged = ImageReference.parse("busybox:1.36");
        assertSame(tagged, tagged.withDefaultTag());
        ImageReference digested = ImageReference.parse("busybox@" + BUSYBOX_DIGEST);
        assertEquals("docker.io/library/busybox@" + BUSYBOX_DIGEST, digested.withDefaultTag().toString());
        assertEquals("latest", ImageReference.parse("busybox").manifestReference());
    }

    @Test
    void withersAndNameOnly() {
        ImageReference ref = ImageReference.parse("127.0.0.1:5000/ns/app:1.2");
        assertEquals("127.0.0.1:5000/ns/app:2.0", ref.withTag("2.0").toString());
        assertEquals("127.0.0.1:5000/ns/app:1.2@" + BUSYBOX_DIGEST,
                ref.withDigest(Digest.parse(BUSYBOX_DIGEST)).toString());
        assertEquals("127.0.0.1:5000/ns/app", ref.nameOnly().toString());
        assertEquals("127.0.0.1:5000/ns/app:1.2", ref.familiarString());
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> ref.withTag("bad tag"));
        assertTrue(e.getMessage().startsWith("invalid tag \"bad tag\""), e.getMessage());
    }

    @Test
    void registryHostMapsDockerHubToItsApiHost() {
        assertEquals("registry-1.docker.io", ImageReference.parse("busybox").registryHost());
        assertTrue(ImageReference.parse("busybox").isDockerHub());
        assertEquals("127.0.0.1:5000", ImageReference.parse("127.0.0.1:5000/x").registryHost());
        assertEquals("[::1]:5000", ImageReference.parse("[::1]:5000/x").registryHost());
        assertEquals("localhost", ImageReference.parse("localhost/x").registryHost());
    }

    @Test
    void jsonFormIsTheCanonicalString() throws Exception {
        ImageReference ref = ImageReference.parse("busybox:1.36");
        var mapper = dev.wharf.model.oci.OciJson.mapper();
        assertEquals("\"docker.io/library/busybox:1.36\"", mapper.writeValueAsString(ref));
        assertEquals(ref, mapper.readValue("\"busybox:1.36\"", ImageReference.class));
    }

    @Test
    void constructorRejectsPartsThatCouldNotBeParsedBack() {
        assertThrows(InvalidReferenceException.class, () -> new ImageReference("docker.io", "Library/x", null, null));
        assertThrows(InvalidReferenceException.class, () -> new ImageReference("bad host", "x", null, null));
        assertThrows(InvalidReferenceException.class, () -> new ImageReference(null, "x", null, null));
        assertThrows(InvalidReferenceException.class, () -> new ImageReference("docker.io", "x", "-t", null));
        assertThrows(InvalidReferenceException.class,
                () -> new ImageReference("docker.io", "x", null, new Digest("blake3", "abc")));
    }
}
