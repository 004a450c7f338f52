package dev.wharf.controlplane.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContainerImageCheckTest {

    @ParameterizedTest
    @CsvSource({
            "busybox, true",
            "busybox:1.36, true",
            "library/busybox:latest, true",
            "127.0.0.1:5000/ns/app:1.2, true",
            "localhost/app, true",
            "registry.example.com/app, true",
            "busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, true",
            "'Bad Image', false",
            "BusyBox, false",
            "ns/App:1, false",
            "busybox@sha256:xyz, false",
    })
    void imageReferencesAreCheckedLikeDocker(String image, boolean valid) {
        assertEquals(valid, ContainerService.imageProblem(image) == null, image);
    }
}
