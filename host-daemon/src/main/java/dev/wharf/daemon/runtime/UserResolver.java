package dev.wharf.daemon.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves Docker's {@code User} ({@code name}, {@code uid}, {@code name:group}, {@code uid:gid} and mixes)
 * against the container's own {@code /etc/passwd} and {@code /etc/group}, as runc's libcontainer/user does:
 * names must exist; numeric ids need not (gid then defaults to 0); supplementary groups are the groups that
 * list the user as a member, plus {@code GroupAdd}.
 */
public final class UserResolver {

    /** The resolved process identity. */
    public record ExecUser(int uid, int gid, List<Integer> additionalGids, String home) {
    }

    private UserResolver() {
    }

    /** Reads {@code etc/passwd} and {@code etc/group} under {@code rootfs} (missing files are empty). */
    public static ExecUser resolve(Path rootfs, String user, List<String> groupAdd) throws IOException, InvalidSpecException {
        return resolve(read(rootfs, "/etc/passwd"), read(rootfs, "/etc/group"), user, groupAdd);
    }

    public static ExecUser resolve(String passwd, String group, String user, List<String> groupAdd) throws InvalidSpecException {
        String spec = user == null || user.isEmpty() ? "0" : user;
        String userPart = spec;
        String groupPart = null;
        int colon = spec.indexOf(':');
        if (colon >= 0) {
            userPart = spec.substring(0, colon);
            groupPart = spec.substring(colon + 1);
        }
        int uid = 0;
        int gid = 0;
        String home = "/";
        String name = null;
        String[] pw = findPasswd(passwd, userPart);
        if (pw != null) {
            name = pw[0];
            uid = Integer.parseInt(pw[2]);
            gid = Integer.parseInt(pw[3]);
            home = pw.length > 5 && !pw[5].isEmpty() ? pw[5] : "/";
        } else if (isId(userPart)) {
            uid = Integer.parseInt(userPart);
        } else {
            throw new InvalidSpecException("unable to find user " + userPart + ": no matching entries in passwd file");
        }
        if (groupPart != null && !groupPart.isEmpty()) {
            gid = resolveGroup(group, groupPart);
        }
        Set<Integer> extra = new LinkedHashSet<>();
        if (name != null && groupPart == null) {
            for (String[] g : groups(group)) {
                if (g.length > 3 && List.of(g[3].split(",")).contains(name)) {
                    extra.add(Integer.parseInt(g[2]));
                }
            }
        }
        for (String g : groupAdd == null ? List.<String>of() : groupAdd) {
            extra.add(resolveGroup(group, g));
        }
        extra.remove(gid);
        return new ExecUser(uid, gid, List.copyOf(extra), home);
    }

    private static int resolveGroup(String group, String g) throws InvalidSpecException {
        for (String[] e : groups(group)) {
            if (e[0].equals(g) || (isId(g) && e[2].equals(g))) {
                return Integer.parseInt(e[2]);
            }
        }
        if (isId(g)) {
            return Integer.parseInt(g);
        }
        throw new InvalidSpecException("unable to find group " + g + ": no matching entries in group file");
    }

    private static String[] findPasswd(String passwd, String who) {
        for (String line : passwd.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length < 4 || line.startsWith("#") || !isId(f[2]) || !isId(f[3])) {
                continue;
            }
            if (f[0].equals(who) || (isId(who) && f[2].equals(who))) {
                return f;
            }
        }
        return null;
    }

    private static List<String[]> groups(String group) {
        List<String[]> out = new ArrayList<>();
        for (String line : group.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length >= 3 && !line.startsWith("#") && isId(f[2])) {
                out.add(f);
            }
        }
        return out;
    }

    private static boolean isId(String s) {
        if (s.isEmpty() || s.length() > 10) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return Long.parseLong(s) <= Integer.MAX_VALUE;
    }

    private static String read(Path rootfs, String file) throws IOException {
        Path p = ScopedPath.resolve(rootfs, file);
        return Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    }
}
