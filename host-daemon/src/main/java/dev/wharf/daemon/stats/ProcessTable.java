package dev.wharf.daemon.stats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code docker top} with the default {@code ps -ef} columns (UID PID PPID C STIME TTY TIME CMD), read from
 * {@code /proc/<pid>/stat}, {@code status} and {@code cmdline} for the container's pids; user names come from the
 * host's {@code /etc/passwd}, as the host's ps would show them.
 */
final class ProcessTable {
    static final List<String> TITLES = List.of("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD");
    private static final long HZ = 100;

    private final Path proc;
    private final Map<Integer, String> users;

    ProcessTable(Path proc, Path passwd) {
        this.proc = proc;
        this.users = users(passwd);
    }

    List<List<String>> rows(List<Integer> pids) {
        String stat = read(proc.resolve("stat"));
        long btime = 0;
        for (String line : stat.split("\n")) {
            if (line.startsWith("btime ")) {
                btime = Long.parseLong(line.substring(6).trim());
            }
        }
        double uptime = 0;
        String up = read(proc.resolve("uptime")).trim();
        if (!up.isEmpty()) {
            uptime = Double.parseDouble(up.split("\\s+")[0]);
        }
        List<List<String>> out = new ArrayList<>();
        for (int pid : pids) {
            List<String> row = row(pid, btime, uptime);
            if (row != null) {
                out.add(row);
            }
        }
        return out;
    }

    private List<String> row(int pid, long btime, double uptime) {
        Path dir = proc.resolve(Integer.toString(pid));
        String stat = read(dir.resolve("stat"));
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return null; // exited meanwhile
        }
        String comm = stat.substring(stat.indexOf('(') + 1, close);
        String[] f = stat.substring(close + 2).trim().split("\\s+");
        long ppid = Long.parseLong(f[1]);
        int ttyNr = Integer.parseInt(f[4]);
        long cpuTicks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        long start = Long.parseLong(f[19]);
        int uid = -1;
        for (String line : read(dir.resolve("status")).split("\n")) {
            if (line.startsWith("Uid:")) {
                uid = Integer.parseInt(line.substring(4).trim().split("\\s+")[1]); // effective, as ps shows
            }
        }
        String cmd = new String(readBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ').trim();
        long elapsedTicks = (long) (uptime * HZ) - start;
        List<String> row = new ArrayList<>();
        row.add(uid < 0 ? "?" : users.getOrDefault(uid, Integer.toString(uid)));
        row.add(Integer.toString(pid));
        row.add(Long.toString(ppid));
        row.add(Long.toString(elapsedTicks > 0 ? cpuTicks * 100 / elapsedTicks : 0));
        row.add(stime(Instant.ofEpochSecond(btime + start / HZ), ZoneId.systemDefault(), Instant.now()));
        row.add(tty(ttyNr));
        row.add(cpuTime(cpuTicks / HZ));
        row.add(cmd.isEmpty() ? "[" + comm + "]" : cmd);
        return row;
    }

    /** ps's STIME: the time of day when it started today, else month and day, else the year. */
    static String stime(Instant started, ZoneId zone, Instant now) {
        ZonedDateTime s = started.atZone(zone);
        LocalDate today = now.atZone(zone).toLocalDate();
        if (s.toLocalDate().equals(today)) {
            return s.format(DateTimeFormatter.ofPattern("HH:mm"));
        }
        if (s.getYear() == today.getYear()) {
            return s.format(DateTimeFormatter.ofPattern("MMMdd", Locale.ENGLISH));
        }
        return Integer.toString(s.getYear());
    }

    /** ps's TIME: [DD-]HH:MM:SS of CPU time. */
    static String cpuTime(long seconds) {
        long d = seconds / 86400;
        String hms = String.format("%02d:%02d:%02d", (seconds / 3600) % 24, (seconds / 60) % 60, seconds % 60);
        return d > 0 ? d + "-" + hms : hms;
    }

    /** The controlling terminal from stat's tty_nr: pts/N, ttyN, or ? for none. */
    static String tty(int ttyNr) {
        if (ttyNr == 0) {
            return "?";
        }
        int major = (ttyNr >> 8) & 0xfff;
        int minor = (ttyNr & 0xff) | ((ttyNr >> 12) & 0xfff00);
        if (major >= 136 && major <= 143) {
            return "pts/" + ((major - 136) * 256 + minor);
        }
        if (major == 4) {
            return "tty" + minor;
        }
        return "?";
    }

    private static Map<Integer, String> users(Path passwd) {
        Map<Integer, String> m = new HashMap<>();
        for (String line : read(passwd).split("\n")) {
            String[] f = line.split(":");
            if (f.length > 2) {
                try {
                    m.putIfAbsent(Integer.parseInt(f[2]), f[0]);
                } catch (NumberFormatException ignored) {
                    // a malformed line
                }
            }
        }
        return m;
    }

    private static String read(Path p) {
        return new String(readBytes(p), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
