package dev.wharf.daemon.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnvMergeTest {
    @Test
    void requestOverridesImageByNameAndKeepsOrder() {
        var env = EnvMerge.configEnv(List.of("PATH=/img/bin", "LANG=C", "A=1"), List.of("A=2", "B=3"));
        assertEquals(List.of("PATH=/img/bin", "LANG=C", "A=2", "B=3"), env);
    }

    @Test
    void aNameWithoutValueUnsetsTheVariable() {
        assertEquals(List.of("A=1"), EnvMerge.configEnv(List.of("A=1", "LANG=C"), List.of("LANG")));
    }

    @Test
    void processEnvAddsPathHostnameAndTermButConfigWins() {
        var env = EnvMerge.processEnv(List.of("PATH=/custom", "X=y"), "c0ffee", true);
        assertEquals(List.of("PATH=/custom", "HOSTNAME=c0ffee", "TERM=xterm", "X=y"), env);
    }

    @Test
    void processEnvWithoutTtyHasNoTerm() {
        var env = EnvMerge.processEnv(null, "h", false);
        assertEquals(List.of("PATH=" + EnvMerge.DEFAULT_PATH, "HOSTNAME=h"), env);
    }
}
