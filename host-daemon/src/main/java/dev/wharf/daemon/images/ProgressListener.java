package dev.wharf.daemon.images;

/** Receives the progress of a pull, push or load; called from several threads at once (one per layer). */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = p -> { };

    void progress(Progress p);
}
