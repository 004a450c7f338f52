package dev.wharf.daemon.images;

/**
 * One progress message of a pull, push or load, in the shape of Docker's JSON message stream.
 *
 * @param id      what the line is about: a short layer digest, a tag; null for image-wide messages
 * @param status  e.g. {@code Downloading}, {@code Pull complete}, {@code Digest: sha256:...}
 * @param current bytes done, or -1 when the message has no progress
 * @param total   bytes in all, or -1 when unknown
 */
public record Progress(String id, String status, long current, long total) {

    public static Progress of(String id, String status) {
        return new Progress(id, status, -1, -1);
    }
}
