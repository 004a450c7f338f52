package dev.wharf.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;

class BusyboxRootfsTest {

    @Test
    void appletLinksAreRelativeToTheirDirectory() {
        assertEquals("busybox", BusyboxRootfs.relativeTarget("bin/sh"));
        assertEquals("../bin/busybox", BusyboxRootfs.relativeTarget("sbin/ifconfig"));
        assertEquals("../../bin/busybox", BusyboxRootfs.relativeTarget("usr/sbin/httpd"));
    }

    @Test
    void rootfsHasTheAppletsUsersAndDirectoriesTestsRelyOn() throws IOException {
        Map<String, TarArchiveEntry> byName = LayerTarTest.read(Fixtures.busyboxLayer().tar()).stream()
                .collect(Collectors.toMap(TarArchiveEntry::getName, Function.identity()));
        for (String applet : List.of("bin/sh", "bin/echo", "bin/cat", "bin/ls", "bin/sleep", "bin/httpd",
                "bin/id", "bin/hostname", "bin/ps", "bin/wget", "bin/nc", "bin/nslookup", "bin/ping",
                "bin/env", "bin/top", "bin/seq", "bin/yes", "bin/mount")) {
            TarArchiveEntry e = byName.get(applet);
            assertTrue(e != null && e.isSymbolicLink(), applet + " missing");
            assertEquals(BusyboxRootfs.relativeTarget(applet), e.getLinkName());
        }
        assertTrue(byName.get("bin/busybox").isFile());
        assertEquals(0755, byName.get("bin/busybox").getMode() & 07777);
        assertEquals(01777, byName.get("tmp/").getMode() & 07777);
        assertTrue(BusyboxRootfs.PASSWD.contains("www:x:1000:1000:"));
        assertTrue(byName.containsKey("etc/passwd") && byName.containsKey("etc/group") && byName.containsKey("root/"));
    }

    @Test
    void fixturesAreDeterministic() {
        assertEquals(Fixtures.busyboxLayer().digest(), BusyboxRootfs.layer().digest());
        assertEquals(Fixtures.middleLayer(4096).digest(), Fixtures.middleLayer(4096).digest());
        TestImage ml = Fixtures.multilayer();
        assertEquals(3, ml.layers().size());
        assertEquals(Fixtures.busybox().diffIds().get(0), ml.diffIds().get(0));
    }
}
