package dev.wharf.daemon.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogReaderTest {
    static Inotify inotify;
    @TempDir
    Path dir;

    @BeforeAll
    static void init() throws Exception {
        inotify = new Inotify();
    }

    @AfterAll
    static void done() {
        inotify.close();
    }

    private static String line(int second, String stream, String tag, String text) {
        return String.format("2026-11-22T16:02:%02d.368571211+00:00 %s %s %s%n", second, stream, tag, text);
    }

    private List<String> read(Path log, LogQuery q) throws Exception {
        List<String> out = new ArrayList<>();
        new LogReader(log, inotify).read(q, e -> out.add((e.stream() == LogEntry.Stream.STDERR ? "E:" : "")
                + new String(e.payload(), StandardCharsets.UTF_8)), CompletableFuture.completedFuture(null), () -> true);
        return out;
    }

    @Test
    void parsesConmonsFormat() {
        byte[] b = "2026-11-22T17:30:58.949125403+01:00 stderr P no newline".getBytes(StandardCharsets.UTF_8);
        LogEntry e = LogEntry.parse(b, 0, b.length);
        assertEquals(Instant.parse("2026-11-22T16:30:58.949125403Z"), e.time());
        assertEquals(LogEntry.Stream.STDERR, e.stream());
        assertTrue(e.partial());
        assertEquals("no newline", new String(e.payload(), StandardCharsets.UTF_8));
        byte[] empty = "2026-11-22T16:02:44.368571211+00:00 stdout F ".getBytes(StandardCharsets.UTF_8);
        assertEquals("\n", new String(LogEntry.parse(empty, 0, empty.length - 1).payload(), StandardCharsets.UTF_8));
        byte[] bad = "garbage line".getBytes(StandardCharsets.UTF_8);
        assertNull(LogEntry.parse(bad, 0, bad.length));
    }

    @Test
    void streamsTailAndPartialLines() throws Exception {
        Path log = dir.resolve("ctr.log");
        Files.writeString(log, line(1, "stdout", "F", "one") + line(2, "stderr", "F", "err") + line(3, "stdout", "P", "tw")
                + line(3, "stdout", "F", "o") + line(4, "stdout", "F", "three"));
        assertEquals(List.of("one\n", "E:err\n", "tw", "o\n", "three\n"), read(log, new LogQuery(true, true, -1, null, null, false)));
        assertEquals(List.of("one\n", "tw", "o\n", "three\n"), read(log, new LogQuery(true, false, -1, null, null, false)));
        assertEquals(List.of("E:err\n"), read(log, new LogQuery(false, true, -1, null, null, false)));
        assertEquals(List.of("tw", "o\n", "three\n"), read(log, new LogQuery(true, true, 2, null, null, false)));
        assertEquals(List.of(), read(log, new LogQuery(true, true, 0, null, null, false)));
    }

    @Test
    void sinceAndUntil() throws Exception {
        Path log = dir.resolve("ctr.log");
        Files.writeString(log, line(1, "stdout", "F", "a") + line(2, "stdout", "F", "b") + line(3, "stdout", "F", "c"));
        Instant t2 = Instant.parse("2026-11-22T16:02:02.368571211Z");
        assertEquals(List.of("b\n", "c\n"), read(log, new LogQuery(true, true, -1, t2, null, false)));
        assertEquals(List.of("a\n", "b\n"), read(log, new LogQuery(true, true, -1, null, t2, false)));
    }

    @Test
    void rotatedFilesComeFirstOldestFirst() throws Exception {
        Path log = dir.resolve("ctr.log");
        Files.writeString(LogFiles.rotated(log, 2), line(1, "stdout", "F", "a"));
        Files.writeString(LogFiles.rotated(log, 1), line(2, "stdout", "F", "b"));
        Files.writeString(log, line(3, "stdout", "F", "c"));
        assertEquals(List.of("a\n", "b\n", "c\n"), read(log, new LogQuery(true, true, -1, null, null, false)));
        assertEquals(List.of("b\n", "c\n"), read(log, new LogQuery(true, true, 2, null, null, false)));
    }

    @Test
    void followSeesAppendsAndRotationWithoutLossOrRepeat() throws Exception {
        Path log = dir.resolve("ctr.log");
        Files.writeString(log, line(1, "stdout", "F", "0"));
        List<String> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                new LogReader(log, inotify).read(new LogQuery(true, true, -1, null, null, true),
                        e -> seen.add(new String(e.content(), StandardCharsets.UTF_8)), stopped, () -> true);
            } catch (Exception e) {
                seen.add("error " + e);
            }
        });
        reader.start();
        long ready = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (seen.isEmpty() && System.nanoTime() < ready) {
            Thread.sleep(5); // following from here on: rotations may now outpace the reader, never lose lines
        }
        for (int i = 1; i <= 300; i++) {
            // a half-written line first: the reader must wait for its newline
            String l = line(1, "stdout", "F", Integer.toString(i));
            Files.writeString(log, l.substring(0, 10), StandardOpenOption.APPEND);
            Files.writeString(log, l.substring(10), StandardOpenOption.APPEND);
            if (i % 100 == 0) {
                // what LogRotator does with max-file 4: shift the rotated files, rename the live one to .1, then the
                // writer reopens a fresh file. Nothing is deleted here, so however far behind the reader is (a
                // loaded machine), it must find every line; with fewer files kept, a slow reader loses the oldest.
                for (int k = 3; k >= 1; k--) {
                    Path from = k == 1 ? log : LogFiles.rotated(log, k - 1);
                    if (Files.exists(from)) {
                        Files.move(from, LogFiles.rotated(log, k), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                Files.writeString(log, "");
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (seen.size() < 301 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        stopped.complete(null);
        reader.join(5000);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i <= 300; i++) {
            expected.add(Integer.toString(i));
        }
        assertEquals(expected, seen);
    }
}
