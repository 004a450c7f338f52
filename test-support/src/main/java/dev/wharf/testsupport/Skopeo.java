package dev.wharf.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's {@code skopeo} as an independent client, for interop checks. Always passes an empty auth file
 * so the machine's stored credentials never leak into a test.
 */
public final class Skopeo {

    /** The outcome of one skopeo run. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** stdout, or an exception carrying stderr if skopeo failed. */
        public String orThrow() {
            if (exitCode != 0) {
                throw new IllegalStateException("skopeo exited " + exitCode + ": " + stderr.strip());
            }
            return stdout;
        }
    }

    private Skopeo() {
    }

    /** {@code skopeo inspect [--raw] --tls-verify=false [--creds u:p] docker://REF}. */
    public static Result inspect(String reference, boolean raw, String username, String password) {
        List<String> args = new ArrayList<>(List.of("inspect"));
        if (raw) {
            args.add("--raw");
        }
        args.add("--tls-verify=false");
        addCreds(args, "--creds", username, password);
        args.add("docker://" + reference);
        return run(args);
    }

    /** {@code skopeo copy} from a plain-HTTP registry reference to any destination ({@code oci:DIR:TAG}, {@code dir:DIR}). */
    public static Result copyFrom(String reference, String destination, String username, String password) {
        List<String> args = new ArrayList<>(List.of("copy", "--quiet", "--src-tls-verify=false"));
        addCreds(args, "--src-creds", username, password);
        args.add("docker://" + reference);
        args.add(destination);
        return run(args);
    }

    /** {@code skopeo copy} from any source ({@code oci:DIR:TAG}) to a plain-HTTP registry reference. */
    public static Result copyTo(String source, String reference, String username, String password) {
        List<String> args = new ArrayList<>(List.of("copy", "--quiet", "--dest-tls-verify=false"));
        addCreds(args, "--dest-creds", username, password);
        args.add(source);
        args.add("docker://" + reference);
        return run(args);
    }

    /** Runs {@code skopeo --authfile <empty> ARGS...}: the auth file goes to subcommands that accept it. */
    public static Result run(List<String> args) {
        Path authFile = null;
        try {
            authFile = Files.createTempFile("wharf-skopeo-auth-", ".json");
            Files.writeString(authFile, "{}");
            List<String> command = new ArrayList<>();
            command.add("skopeo");
            command.add(args.get(0));
            command.add("--authfile=" + authFile);
            command.addAll(args.subList(1, args.size()));
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            String out = read(p.getInputStream());
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("skopeo " + String.join(" ", args) + " timed out");
            }
            return new Result(p.exitValue(), out, err.join());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run skopeo (apt-get install skopeo)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            if (authFile != null) {
                authFile.toFile().delete();
            }
        }
    }

    private static void addCreds(List<String> args, String flag, String username, String password) {
        if (username != null) {
            args.add(flag + "=" + username + ":" + password);
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
