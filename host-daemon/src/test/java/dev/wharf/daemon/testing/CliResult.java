package dev.wharf.daemon.testing;

/** What a CLI invocation printed and returned. */
public record CliResult(int exitCode, String stdout, String stderr) {
    public CliResult ok() {
        if (exitCode != 0) {
            throw new AssertionError("command failed with " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr);
        }
        return this;
    }

    public String out() {
        return stdout.trim();
    }
}
