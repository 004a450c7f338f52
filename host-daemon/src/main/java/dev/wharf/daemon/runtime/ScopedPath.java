package dev.wharf.daemon.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Resolves a path inside a container's root filesystem the way the container would, following symlinks but
 * never leaving the root (an absolute link target is taken relative to the root, {@code ..} stops at it), like
 * Go's securejoin. Use it whenever the daemon reads or writes a container's files from the host.
 */
public final class ScopedPath {
    private static final int MAX_LINKS = 255;

    private ScopedPath() {
    }

    public static Path resolve(Path root, String pathInContainer) throws IOException {
        Deque<String> todo = new ArrayDeque<>();
        push(todo, pathInContainer);
        Deque<String> done = new ArrayDeque<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.pop();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                done.pollLast();
                continue;
            }
            Path candidate = join(root, done).resolve(part);
            if (Files.isSymbolicLink(candidate)) {
                if (++links > MAX_LINKS) {
                    throw new IOException("too many levels of symbolic links in " + pathInContainer);
                }
                String target = Files.readSymbolicLink(candidate).toString();
                if (target.startsWith("/")) {
                    done.clear();
                }
                push(todo, target);
                continue;
            }
            done.addLast(part);
        }
        return join(root, done);
    }

    private static void push(Deque<String> todo, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            todo.push(parts[i]);
        }
    }

    private static Path join(Path root, Deque<String> parts) {
        Path p = root;
        for (String s : parts) {
            p = p.resolve(s);
        }
        return p;
    }
}
