package dev.wharf.daemon.commit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wharf.daemon.api.ApiException;
import dev.wharf.model.oci.ContainerConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigChangesTest {
    private static final ContainerConfig BASE = new ContainerConfig(null, null, List.of("PATH=/bin", "A=old"), null,
            List.of("sh"), null, "/app", Map.of("a", "1"), null, null, null, null, null);

    @Test
    void cmdAndEntrypointInJsonAndShellForm() {
        ContainerConfig c = ConfigChanges.apply(BASE, List.of("CMD [\"/bin/httpd\",\"-f\",\"-h\",\"/data/htdocs\"]"));
        assertEquals(List.of("/bin/httpd", "-f", "-h", "/data/htdocs"), c.cmd());
        c = ConfigChanges.apply(BASE, List.of("cmd echo $HOME"));
        assertEquals(List.of("/bin/sh", "-c", "echo $HOME"), c.cmd());
        c = ConfigChanges.apply(BASE, List.of("ENTRYPOINT [\"tini\"]"));
        assertEquals(List.of("tini"), c.entrypoint());
        assertNull(c.cmd(), "an ENTRYPOINT resets the inherited CMD");
        c = ConfigChanges.apply(BASE, List.of("CMD [\"x\"]", "ENTRYPOINT [\"tini\"]"));
        assertEquals(List.of("x"), c.cmd(), "but not one set by the same commit");
        assertEquals(List.of("/bin/sh", "-c", "[not json"), ConfigChanges.apply(BASE, List.of("CMD [not json")).cmd());
    }

    @Test
    void envAndLabelsWithQuotesAndTheLegacyForm() {
        ContainerConfig c = ConfigChanges.apply(BASE, List.of("ENV A=new B=\"two words\" C='x y'\nENV D legacy value"));
        assertEquals(List.of("PATH=/bin", "A=new", "B=two words", "C=x y", "D=legacy value"), c.env());
        c = ConfigChanges.apply(BASE, List.of("LABEL b=2 \"c d\"=e"));
        assertEquals(Map.of("a", "1", "b", "2", "c d", "e"), c.labels());
    }

    @Test
    void workdirExposeUserVolumeStopsignal() {
        ContainerConfig c = ConfigChanges.apply(BASE, List.of("WORKDIR sub/../web", "EXPOSE 80 53/udp 8000-8002",
                "USER www:www", "VOLUME /a /b", "VOLUME [\"/c\"]", "STOPSIGNAL SIGQUIT"));
        assertEquals("/app/web", c.workingDir());
        assertEquals(List.of("80/tcp", "53/udp", "8000/tcp", "8001/tcp", "8002/tcp"), List.copyOf(c.exposedPorts().keySet()));
        assertEquals("www:www", c.user());
        assertEquals(List.of("/a", "/b", "/c"), List.copyOf(c.volumes().keySet()));
        assertEquals("SIGQUIT", c.stopSignal());
        assertEquals(BASE.env(), c.env());
    }

    @Test
    void unknownOrBrokenChangesAreRefused() {
        assertEquals("RUN is not a valid change command",
                assertThrows(ApiException.class, () -> ConfigChanges.apply(BASE, List.of("RUN make"))).getMessage());
        assertThrows(ApiException.class, () -> ConfigChanges.apply(BASE, List.of("EXPOSE 99999")));
        assertThrows(ApiException.class, () -> ConfigChanges.apply(BASE, List.of("ENV A=\"unterminated")));
        assertThrows(ApiException.class, () -> ConfigChanges.apply(BASE, List.of("ENV =x")));
    }
}
