package dev.wharf.daemon.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessArgsTest {
    private static final List<String> IMG_EP = List.of("/entry.sh");
    private static final List<String> IMG_CMD = List.of("serve", "--port", "80");

    @Test
    void imageDefaultsWhenTheRequestGivesNothing() {
        var r = ProcessArgs.resolve(IMG_EP, IMG_CMD, null, null);
        assertEquals(List.of("/entry.sh", "serve", "--port", "80"), r.argv());
    }

    @Test
    void requestCmdReplacesImageCmdButKeepsImageEntrypoint() {
        var r = ProcessArgs.resolve(IMG_EP, IMG_CMD, null, List.of("debug"));
        assertEquals(List.of("/entry.sh"), r.entrypoint());
        assertEquals(List.of("/entry.sh", "debug"), r.argv());
    }

    @Test
    void requestEntrypointDropsTheImageCmd() {
        var r = ProcessArgs.resolve(IMG_EP, IMG_CMD, List.of("/bin/sh"), null);
        assertEquals(List.of("/bin/sh"), r.argv());
        assertNull(r.cmd());
    }

    @Test
    void requestEntrypointWithRequestCmd() {
        var r = ProcessArgs.resolve(IMG_EP, IMG_CMD, List.of("/bin/sh", "-c"), List.of("echo hi"));
        assertEquals(List.of("/bin/sh", "-c", "echo hi"), r.argv());
    }

    @Test
    void emptyStringEntrypointResetsIt() {
        var r = ProcessArgs.resolve(IMG_EP, IMG_CMD, List.of(""), List.of("echo", "hi"));
        assertNull(r.entrypoint());
        assertEquals(List.of("echo", "hi"), r.argv());
    }

    @Test
    void emptyRequestCmdKeepsTheImageCmd() {
        var r = ProcessArgs.resolve(null, List.of("sh"), List.of(), List.of());
        assertEquals(List.of("sh"), r.argv());
    }

    @Test
    void nothingToRunIsDockersError() {
        var r = ProcessArgs.resolve(null, null, null, null);
        var e = assertThrows(InvalidSpecException.class, () -> ProcessArgs.argv(r));
        assertEquals("No command specified", e.getMessage());
    }
}
