package dev.wharf.testsupport;

import java.nio.file.Path;
import java.util.List;

/** Finds live docker-registry processes started for a given registry dir (its config path is in the command line). */
final class Leaks {

    private Leaks() {
    }

    static List<ProcessHandle> registriesUsing(Path dir) {
        String config = dir.resolve("config.yml").toString();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains("docker-registry") && c.contains(config)).orElse(false))
                .toList();
    }
}
