package dev.wharf.daemon.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserResolverTest {
    static final String PASSWD = """
            root:x:0:0:root:/root:/bin/sh
            www:x:1000:1000:www:/home/www:/bin/sh
            app:x:1001:1001::/srv/app:/bin/false
            """;
    static final String GROUP = """
            root:x:0:
            www:x:1000:
            app:x:1001:
            audio:x:29:www,app
            video:x:44:app
            """;

    @Test
    void emptyUserIsRoot() throws Exception {
        var u = UserResolver.resolve(PASSWD, GROUP, "", null);
        assertEquals(new UserResolver.ExecUser(0, 0, List.of(), "/root"), u);
    }

    @Test
    void nameGivesUidGidHomeAndMemberGroups() throws Exception {
        var u = UserResolver.resolve(PASSWD, GROUP, "app", null);
        assertEquals(new UserResolver.ExecUser(1001, 1001, List.of(29, 44), "/srv/app"), u);
    }

    @Test
    void uidLooksUpThePasswdEntry() throws Exception {
        assertEquals(1000, UserResolver.resolve(PASSWD, GROUP, "1000", null).gid());
    }

    @Test
    void unknownNumericIdsAreAllowed() throws Exception {
        var u = UserResolver.resolve(PASSWD, GROUP, "4242:4343", null);
        assertEquals(4242, u.uid());
        assertEquals(4343, u.gid());
    }

    @Test
    void nameWithGroupName() throws Exception {
        var u = UserResolver.resolve(PASSWD, GROUP, "www:video", List.of("audio"));
        assertEquals(1000, u.uid());
        assertEquals(44, u.gid());
        assertEquals(List.of(29), u.additionalGids());
    }

    @Test
    void unknownNamesAreDockersErrors() {
        var e = assertThrows(InvalidSpecException.class, () -> UserResolver.resolve(PASSWD, GROUP, "nobody", null));
        assertEquals("unable to find user nobody: no matching entries in passwd file", e.getMessage());
        var g = assertThrows(InvalidSpecException.class, () -> UserResolver.resolve(PASSWD, GROUP, "www:wheel", null));
        assertEquals("unable to find group wheel: no matching entries in group file", g.getMessage());
    }

    @Test
    void readsTheFilesOfTheRootfsAndStaysInsideIt(@TempDir Path rootfs) throws Exception {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/real-passwd"), PASSWD);
        Files.writeString(rootfs.resolve("etc/group"), GROUP);
        // an absolute symlink is resolved inside the rootfs, never on the host
        Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("/etc/real-passwd"));
        assertEquals(1001, UserResolver.resolve(rootfs, "app", null).uid());
    }
}
